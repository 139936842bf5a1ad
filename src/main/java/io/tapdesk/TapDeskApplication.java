package io.tapdesk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TapDeskApplication {

    public static void main(String[] args) {
        SpringApplication.run(TapDeskApplication.class, args);
    }
}
