package io.tapdesk.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Records every session attribute TapDesk writes, as text and as its serialised bytes, for the leak test. */
@TestConfiguration(proxyBeanMethods = false)
public class SessionSpy {

    private static final List<String> WRITTEN = new ArrayList<>();

    @Bean
    HttpSessionAttributeListener sessionAttributeRecorder() {
        return new HttpSessionAttributeListener() {
            @Override
            public void attributeAdded(HttpSessionBindingEvent event) {
                record(event);
            }

            @Override
            public void attributeReplaced(HttpSessionBindingEvent event) {
                record(event.getSession().getAttribute(event.getName()), event.getName());
            }
        };
    }

    private static void record(HttpSessionBindingEvent event) {
        record(event.getValue(), event.getName());
    }

    private static void record(Object value, String name) {
        StringBuilder text = new StringBuilder(name).append('=').append(value);
        try (var bytes = new ByteArrayOutputStream(); var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
            out.flush();
            text.append(' ').append(bytes.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException notSerialisable) {
            text.append(" [not serialisable]");
        }
        synchronized (WRITTEN) {
            WRITTEN.add(text.toString());
        }
    }

    public static List<String> written() {
        synchronized (WRITTEN) {
            return List.copyOf(WRITTEN);
        }
    }
}
