package io.tapdesk.security;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Session attributes are stored as JSON (Spring Security's Jackson modules, whose type validator admits only the
 * classes they know), never by Java serialisation, so reading a session row can never instantiate an arbitrary class;
 * and the JSON is sealed by {@link TokenCipher}, so the ID token and the CSRF token in a session are not readable
 * from the database either. An attribute that does not open or parse (the key changed, an older TapDesk's Java
 * serialised row) reads as absent: the operator is signed out, never shown an error.
 */
@Component
class SessionJson implements SessionRepositoryCustomizer<JdbcIndexedSessionRepository> {

    private static final Logger log = LoggerFactory.getLogger(SessionJson.class);
    private static final byte[] PLACE = "spring_session_attributes".getBytes(StandardCharsets.US_ASCII);

    private final TokenCipher cipher;
    private final JsonMapper json = JsonMapper.builder()
            .addModules(SecurityJacksonModules.getModules(SessionJson.class.getClassLoader()))
            .build();

    SessionJson(TokenCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void customize(JdbcIndexedSessionRepository repository) {
        var conversion = new GenericConversionService();
        conversion.addConverter(Object.class, byte[].class, this::write);
        conversion.addConverter(byte[].class, Object.class, this::read);
        repository.setConversionService(conversion);
    }

    byte[] write(Object attribute) {
        return cipher.seal(json.writeValueAsBytes(attribute), PLACE);
    }

    Object read(byte[] stored) {
        try {
            return json.readValue(cipher.open(stored, PLACE), Object.class);
        } catch (RuntimeException e) {
            log.info("A session attribute could not be read ({}); the session continues without it", e.getClass().getSimpleName());
            return null;
        }
    }
}
