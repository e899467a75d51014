package dev.mailroom.activity.tables;

import java.util.regex.Pattern;

/**
 * The address check every email column and party shares: an addr-spec of RFC 5321's sizes (local part up to 64,
 * domain up to 255, 320 in all) with no whitespace, control characters or header syntax, so nothing a client
 * writes can break a header line later. Internationalised (UTF-8) local parts and domains pass.
 */
public final class EmailAddresses {

    private static final Pattern ADDRESS =
            Pattern.compile("[^@\\s\\p{Cntrl}<>()\\[\\],;:\"\\\\]{1,64}@[^@\\s\\p{Cntrl}<>()\\[\\],;:\"\\\\]+");
    private static final Pattern DOMAIN_LABELS = Pattern.compile("([^.]{1,63}\\.)+[^.]{1,63}");

    private EmailAddresses() {
    }

    public static boolean isValid(String address) {
        if (address == null || address.length() > 320 || !ADDRESS.matcher(address).matches()) {
            return false;
        }
        String domain = address.substring(address.indexOf('@') + 1);
        return domain.length() <= 255 && DOMAIN_LABELS.matcher(domain).matches();
    }
}
