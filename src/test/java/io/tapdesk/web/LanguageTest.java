package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tapdesk.support.StackTest;
import io.tapdesk.support.WebSession;
import org.junit.jupiter.api.Test;
import tapdesk.demo.DemoOperators;
import tapdesk.demo.DemoPeople;

/** English and Dutch, chosen per operator; dates follow the language. */
class LanguageTest extends StackTest {

    @Test
    void theBrowsersLanguageIsTheDefault() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var dutch = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(STACK.appUrl() + "/signed-out"))
                .header("Accept-Language", "nl-BE,nl;q=0.9,en;q=0.5").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(dutch.body()).contains("U bent afgemeld");
        var german = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(STACK.appUrl() + "/signed-out"))
                .header("Accept-Language", "de-DE").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(german.body()).contains("You are signed out");
    }

    @Test
    void anOperatorSwitchesToDutchAndBack() {
        WebSession web = session();
        var home = web.signIn(DemoOperators.HELPDESK);
        assertThat(home.body()).contains("Find a person").contains("<html lang=\"en\"");

        var dutch = web.submit(home, "/preferences/language", Map.of("lang", "nl", "returnTo", "/users/" + DemoPeople.MEGAN.id()));

        assertThat(dutch.uri().getPath()).isEqualTo("/users/" + DemoPeople.MEGAN.id());
        assertThat(dutch.body()).contains("<html lang=\"nl\"").contains("Aanmeldmethoden").contains("Bruikbaar tot")
                .contains("Gesynchroniseerd vanuit");
        // a Graph failure in Dutch too
        assertThat(web.get("/users/" + DemoPeople.NESTOR.id()).body()).contains("Deze persoon is niet gevonden");
        // day and month names follow the language
        assertThat(dutch.body()).containsPattern("(ma|di|wo|do|vr|za|zo)\\.? \\d{1,2} [a-z]{3}\\.? \\d{4}");

        var english = web.submit(dutch, "/preferences/language", Map.of("lang", "en", "returnTo", "/"));
        assertThat(english.body()).contains("Find a person");
        var refused = web.submit(english, "/preferences/language", Map.of("lang", "xx", "returnTo", "/"));
        assertThat(refused.body()).contains("does not know that language");
    }
}
