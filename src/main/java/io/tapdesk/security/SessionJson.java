package io.tapdesk.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.FlashMap;
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
    /**
     * Spring MVC's flash attributes (a redirect's notice) are a list of {@link FlashMap}s, which Spring Security's
     * modules do not know: they are stored as plain JSON of their parts behind this marker, with text values only.
     */
    private static final byte[] FLASH_MAPS = "flash-maps:".getBytes(StandardCharsets.US_ASCII);

    private final TokenCipher cipher;
    private final JsonMapper json = JsonMapper.builder()
            .addModules(SecurityJacksonModules.getModules(SessionJson.class.getClassLoader()))
            .build();
    private final JsonMapper plain = JsonMapper.builder().build();

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
        if (attribute instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(FlashMap.class::isInstance)) {
            List<Map<String, Object>> flashMaps = list.stream().map(f -> flashMap((FlashMap) f)).toList();
            return cipher.seal(concat(FLASH_MAPS, plain.writeValueAsBytes(flashMaps)), PLACE);
        }
        return cipher.seal(json.writeValueAsBytes(attribute), PLACE);
    }

    Object read(byte[] stored) {
        try {
            byte[] opened = cipher.open(stored, PLACE);
            if (startsWith(opened, FLASH_MAPS)) {
                List<?> flashMaps = plain.readValue(Arrays.copyOfRange(opened, FLASH_MAPS.length, opened.length), List.class);
                return new ArrayList<>(flashMaps.stream().map(m -> flashMap((Map<?, ?>) m)).toList());
            }
            return json.readValue(opened, Object.class);
        } catch (RuntimeException e) {
            log.info("A session attribute could not be read ({}); the session continues without it", e.getClass().getSimpleName());
            return null;
        }
    }

    private static Map<String, Object> flashMap(FlashMap flash) {
        Map<String, String> values = new LinkedHashMap<>();
        flash.forEach((name, value) -> {
            if (!(value instanceof String text)) {
                throw new IllegalStateException("a flash attribute that is not text: " + name);
            }
            values.put(name, text);
        });
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("path", flash.getTargetRequestPath());
        parts.put("params", new LinkedHashMap<>(flash.getTargetRequestParams()));
        parts.put("expires", flash.getExpirationTime());
        parts.put("values", values);
        return parts;
    }

    private static FlashMap flashMap(Map<?, ?> parts) {
        FlashMap flash = new FlashMap();
        flash.setTargetRequestPath((String) parts.get("path"));
        if (parts.get("params") instanceof Map<?, ?> params) {
            params.forEach((name, values) -> ((List<?>) values).forEach(v -> flash.addTargetRequestParam((String) name, (String) v)));
        }
        flash.setExpirationTime(((Number) parts.get("expires")).longValue());
        ((Map<?, ?>) parts.get("values")).forEach((name, value) -> flash.put((String) name, value));
        return flash;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
