package dev.sheaf.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.logstash.logback.mask.ValueMasker;

/**
 * Masks bearer and basic credentials and JWTs in every string value of a JSON log line. Every value
 * passes through here (an access log line has a dozen), and almost none holds a credential, so a scan
 * for the few ways one can start ({@code eyJ}, {@code bearer}, {@code basic}, in any case) decides
 * first, and only a value that may hold one meets the regular expression.
 */
final class CredentialMasker implements ValueMasker {

  private static final Pattern CREDENTIALS = Pattern.compile(LogSetup.CREDENTIAL + "|" + LogSetup.JWT);

  /** @return the value with its credentials masked, or null when it holds none (the encoder's contract) */
  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (!(value instanceof CharSequence text) || !mayHoldCredential(text)) {
      return null;
    }
    Matcher matcher = CREDENTIALS.matcher(text);
    return matcher.find() ? matcher.replaceAll(LogSetup.MASK) : null;
  }

  /** True when the text has {@code eyJ}, or {@code bearer} or {@code basic} in any case, anywhere. */
  static boolean mayHoldCredential(CharSequence text) {
    int length = text.length();
    for (int i = 0; i + 3 <= length; i++) {
      char c = text.charAt(i);
      if (c == 'e' && text.charAt(i + 1) == 'y' && text.charAt(i + 2) == 'J') {
        return true;
      }
      if ((c == 'b' || c == 'B') && (startsWithIgnoringCase(text, i, "bearer") || startsWithIgnoringCase(text, i, "basic"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithIgnoringCase(CharSequence text, int from, String word) {
    if (from + word.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toLowerCase(text.charAt(from + i)) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
