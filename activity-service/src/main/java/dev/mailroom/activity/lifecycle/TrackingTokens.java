package dev.mailroom.activity.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.mailroom.activity.error.DataverseError;

/**
 * Tracking tokens: generated from the organization's settings ({@code trackingprefix}, {@code trackingtokenidbase},
 * {@code trackingtokeniddigits}, {@code istrackingtokenenabled}), appended to the subject as Dataverse does
 * ({@code "Quarterly report CRM:01001"}), and found again in the subject of a reply.
 */
@ApplicationScoped
public class TrackingTokens {

    /** The column is 50 characters long; the subject one 800. */
    public static final int MAX_LENGTH = 50;
    private static final int MAX_SUBJECT = 800;

    private final EntityManager entityManager;

    public TrackingTokens(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The organization's tracking-token settings. */
    public record Settings(String prefix, int base, int digits, boolean enabled) {
    }

    public Settings settings() {
        Object[] row = (Object[]) entityManager.createNativeQuery("SELECT trackingprefix, trackingtokenidbase, "
                + "trackingtokeniddigits, istrackingtokenenabled FROM organization ORDER BY createdon LIMIT 1")
                .getSingleResult();
        // trackingprefix may keep earlier prefixes after the current one, separated by semicolons.
        String prefix = ((String) row[0]).split(";", -1)[0].trim();
        return new Settings(prefix, ((Number) row[1]).intValue(), ((Number) row[2]).intValue(), (Boolean) row[3]);
    }

    /**
     * A new token: the prefix, the id base, then the next number zero-padded to the configured digits; empty when
     * the organization has tracking tokens switched off.
     */
    public java.util.Optional<String> generate() {
        Settings settings = settings();
        if (!settings.enabled()) {
            return java.util.Optional.empty();
        }
        String number = String.valueOf(entityManager.createNativeQuery("SELECT nextval('tracking_token_number')")
                .getSingleResult());
        int digits = Math.max(1, settings.digits());
        String padded = number.length() >= digits ? number : "0".repeat(digits - number.length()) + number;
        return java.util.Optional.of(settings.prefix() + settings.base() + padded);
    }

    /** A token a client gives ends up in a header: one short line, no control characters, no spaces. */
    public static void validate(String token) {
        if (token.isBlank() || token.length() > MAX_LENGTH
                || token.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("TrackingToken must be 1 to " + MAX_LENGTH
                    + " characters on one line, without spaces or control characters.");
        }
    }

    /** The subject with the token appended once, shortened in front of the token if it would not fit. */
    public static String inSubject(String subject, String token) {
        if (subject == null || subject.isBlank()) {
            return token;
        }
        if (subject.contains(token)) {
            return subject;
        }
        int room = MAX_SUBJECT - token.length() - 1;
        String text = subject.length() > room ? subject.substring(0, room) : subject;
        return text + " " + token;
    }

    /**
     * The tokens a subject may carry: words starting with the current prefix, and its last word (a token a client
     * chose need not have the prefix). Matched against stored tokens, so a word that is no token finds nothing.
     */
    public List<String> candidates(String subject) {
        if (subject == null || subject.isBlank()) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        String prefix = settings().prefix();
        if (!prefix.isEmpty()) {
            Matcher matcher = Pattern.compile(Pattern.quote(prefix) + "[^\\s\\]\\)]+").matcher(subject);
            while (matcher.find()) {
                found.add(matcher.group());
            }
        }
        String[] words = subject.trim().split("\\s+");
        String last = words[words.length - 1];
        if (last.length() <= MAX_LENGTH) {
            found.add(last);
        }
        return new ArrayList<>(found);
    }
}
