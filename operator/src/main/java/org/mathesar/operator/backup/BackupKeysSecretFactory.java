package org.mathesar.operator.backup;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.RestoredKeys;

/**
 * The backup's copy of what its files cannot be used without: the SECRET_KEY (which decrypts every
 * database password Mathesar stores) and the admin's credentials. Owned by nothing, so deleting the
 * instance or the MathesarBackup keeps it; immutable, since it records one moment. Pure.
 */
public final class BackupKeysSecretFactory {
  public static final String COMPONENT = "backup";
  // RestoredKeys reads what this writes: one definition of the keys.
  public static final String SECRET_KEY = RestoredKeys.SECRET_KEY;
  public static final String ADMIN_USERNAME = RestoredKeys.ADMIN_USERNAME;
  public static final String ADMIN_PASSWORD = RestoredKeys.ADMIN_PASSWORD;
  public static final String ADMIN_EMAIL = RestoredKeys.ADMIN_EMAIL;

  private BackupKeysSecretFactory() {}

  /**
   * @param secretKey the base64 value of the instance's SECRET_KEY Secret, as stored
   * @param admin the base64 data of the admin Secret (username, password, email), as stored
   */
  public static Secret build(
      MathesarBackup backup, Mathesar instance, String secretKey, Map<String, String> admin) {
    var data = new LinkedHashMap<String, String>();
    data.put(SECRET_KEY, secretKey);
    copy(admin, "username", ADMIN_USERNAME, data);
    copy(admin, "password", ADMIN_PASSWORD, data);
    copy(admin, "email", ADMIN_EMAIL, data);
    var labels = Labels.forComponent(instance, COMPONENT);
    labels.put(BackupNames.BACKUP_LABEL, backup.getMetadata().getName());
    return new SecretBuilder()
        .withNewMetadata()
        .withName(BackupNames.keysSecret(backup))
        .withNamespace(backup.getMetadata().getNamespace())
        .withLabels(labels)
        .addToAnnotations(BackupNames.BACKUP_UID_ANNOTATION, backup.getMetadata().getUid())
        .endMetadata()
        .withType("Opaque")
        .withImmutable(true)
        .withData(data)
        .build();
  }

  private static void copy(
      Map<String, String> from, String key, String as, Map<String, String> into) {
    if (from != null && from.get(key) != null) {
      into.put(as, from.get(key));
    }
  }
}
