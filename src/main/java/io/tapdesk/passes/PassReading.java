package io.tapdesk.passes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.tapdesk.directory.PassSecret;
import io.tapdesk.directory.PassStatus;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * What the agent reads to the caller on the pass page: the value spelled character by character, and how long the
 * pass is valid, in the page's language.
 *
 * <p>The spelled form <em>is</em> the pass: it is built from the {@link PassSecret} while the page renders (called
 * from {@code passes/shown.html}), never kept, logged or put in a model attribute of its own, so it exists exactly
 * where the value does.
 */
@Component("passReading")
public class PassReading {

    /** Symbols by their message key ({@code spell.symbol.<name>}); any other character is named by its code point. */
    private static final Map<Character, String> SYMBOLS = Map.ofEntries(
            Map.entry('!', "exclamation"), Map.entry('"', "quote"), Map.entry('#', "hash"), Map.entry('$', "dollar"),
            Map.entry('%', "percent"), Map.entry('&', "ampersand"), Map.entry('\'', "apostrophe"),
            Map.entry('(', "paren-open"), Map.entry(')', "paren-close"), Map.entry('*', "asterisk"),
            Map.entry('+', "plus"), Map.entry(',', "comma"), Map.entry('-', "hyphen"), Map.entry('.', "period"),
            Map.entry('/', "slash"), Map.entry(':', "colon"), Map.entry(';', "semicolon"), Map.entry('<', "less"),
            Map.entry('=', "equals"), Map.entry('>', "greater"), Map.entry('?', "question"), Map.entry('@', "at"),
            Map.entry('[', "bracket-open"), Map.entry('\\', "backslash"), Map.entry(']', "bracket-close"),
            Map.entry('^', "caret"), Map.entry('_', "underscore"), Map.entry('`', "backtick"),
            Map.entry('{', "brace-open"), Map.entry('|', "bar"), Map.entry('}', "brace-close"), Map.entry('~', "tilde"),
            Map.entry(' ', "space"));

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm");

    private final MessageSource messages;
    private final Clock clock;

    PassReading(MessageSource messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The value spelled for reading aloud in the current request's language, e.g. {@code "capital A, lower-case l,
     * digit one, plus sign"}: letters with their case, digits as words, symbols by name, anything else by its
     * Unicode code point. Empty for an empty value.
     */
    public String spell(PassSecret secret) {
        Locale locale = LocaleContextHolder.getLocale();
        String value = secret.reveal();
        StringJoiner spelled = new StringJoiner(", ");
        value.codePoints().forEach(c -> spelled.add(character(c, locale)));
        return spelled.toString();
    }

    private String character(int c, Locale locale) {
        String glyph = new String(Character.toChars(c));
        if (Character.isUpperCase(c)) {
            return messages.getMessage("spell.capital", new Object[]{glyph}, locale);
        }
        if (Character.isLowerCase(c)) {
            return messages.getMessage("spell.lower", new Object[]{glyph}, locale);
        }
        if (c >= '0' && c <= '9') {
            return messages.getMessage("spell.digit." + (char) c, null, locale);
        }
        String symbol = c < 0x10000 ? SYMBOLS.get((char) c) : null;
        if (symbol != null) {
            return messages.getMessage("spell.symbol." + symbol, null, locale);
        }
        return messages.getMessage("spell.other", new Object[]{glyph, String.format(Locale.ROOT, "U+%04X", c)}, locale);
    }

    /**
     * How long the pass is valid, as the caller needs it: "valid for 1 hour, until 09:15 Europe/Amsterdam (08:15
     * UTC)" in the operator's {@code zone} (the UTC time only when the zone is not UTC; the date only when the
     * expiry is not today there); a pass that starts later says from when. Empty when Graph gave no start.
     */
    public String validity(PassStatus status, ZoneId zone) {
        if (status.start() == null || status.expires() == null) {
            return "";
        }
        Locale locale = LocaleContextHolder.getLocale();
        Object[] args = {duration(status.lifetimeMinutes(), locale), at(status.expires(), zone, locale),
                at(status.start(), zone, locale)};
        String key = status.start().isAfter(clock.instant()) ? "reading.valid.later" : "reading.valid";
        return messages.getMessage(key, args, locale);
    }

    /** "1 hour", "1 hour and 30 minutes", "45 minutes" (a pass lasts at least 10 minutes, so never nothing). */
    private String duration(int minutes, Locale locale) {
        StringJoiner parts = new StringJoiner(" " + messages.getMessage("reading.and", null, locale) + " ");
        if (minutes >= 60) {
            parts.add(messages.getMessage("reading.hours", new Object[]{minutes / 60}, locale));
        }
        if (minutes % 60 != 0 || minutes == 0) {
            parts.add(messages.getMessage("reading.minutes", new Object[]{minutes % 60}, locale));
        }
        return parts.toString();
    }

    private String at(Instant instant, ZoneId zone, Locale locale) {
        var local = instant.atZone(zone);
        boolean today = local.toLocalDate().equals(clock.instant().atZone(zone).toLocalDate());
        String shown = (today ? TIME : DAY_TIME.withLocale(locale)).format(local) + " " + zoneName(zone);
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return shown;
        }
        return shown + " (" + TIME.format(instant.atOffset(ZoneOffset.UTC)) + " UTC)";
    }

    private static String zoneName(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }
}
