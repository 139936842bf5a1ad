package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/** The README's "Versions" table names what really runs: the Boot release and the raised embedded Tomcat. */
class VersionsTest {

    static String versionsTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Versions");
        assertThat(start).as("README has a Versions section").isNotNegative();
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }

    @Test
    void tomcatIsTheRaisedPatchTheReadmeNames() throws Exception {
        assertThat(ServerInfo.getServerNumber()).startsWith("11.0.27");
        assertThat(versionsTable()).contains("| " + ServerInfo.getServerNumber().replaceAll("\\.0$", "") + " |");
    }

    @Test
    void springBootIsThe40ReleaseTheReadmeNames() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
        assertThat(versionsTable()).contains("| Spring Boot | " + SpringBootVersion.getVersion() + " |");
    }
}
