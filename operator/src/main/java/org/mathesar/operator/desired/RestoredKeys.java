package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A backup's SECRET_KEY and admin credentials (base64, as stored in its keys Secret), which the
 * generated SECRET_KEY and admin Secrets of a restored instance start from. Not a record, so that
 * no toString can put a key into a log line.
 */
public final class RestoredKeys {
  /** The keys of a backup's keys Secret (BackupKeysSecretFactory writes them). */
  public static final String SECRET_KEY = "secret-key";

  public static final String ADMIN_USERNAME = "admin-username";
  public static final String ADMIN_PASSWORD = "admin-password";
  public static final String ADMIN_EMAIL = "admin-email";

  private final String secretKey;
  private final Map<String, String> admin;

  /**
   * @param secretKey the base64 SECRET_KEY
   * @param admin the base64 admin credentials under the admin Secret's keys (username, password,
   *     email), those present
   */
  public RestoredKeys(String secretKey, Map<String, String> admin) {
    this.secretKey = secretKey;
    this.admin = Map.copyOf(admin);
  }

  /** The keys Secret a MathesarBackup of this name makes. */
  public static String secretName(String backup) {
    return backup + "-keys";
  }

  /** What a keys Secret holds; empty without a non-empty secret-key. */
  public static Optional<RestoredKeys> of(Secret keys) {
    var data = keys.getData();
    if (data == null || data.get(SECRET_KEY) == null || data.get(SECRET_KEY).isEmpty()) {
      return Optional.empty();
    }
    var admin = new LinkedHashMap<String, String>();
    copy(data, ADMIN_USERNAME, "username", admin);
    copy(data, ADMIN_PASSWORD, "password", admin);
    copy(data, ADMIN_EMAIL, "email", admin);
    return Optional.of(new RestoredKeys(data.get(SECRET_KEY), admin));
  }

  private static void copy(
      Map<String, String> from, String key, String as, Map<String, String> into) {
    if (from.get(key) != null) {
      into.put(as, from.get(key));
    }
  }

  public String secretKey() {
    return secretKey;
  }

  /** Empty when the backup holds no admin credentials. */
  public Map<String, String> admin() {
    return admin;
  }

  @Override
  public String toString() {
    return "RestoredKeys[redacted]";
  }
}
