package org.mathesar.operator.customresource;

import java.util.regex.Pattern;

/** Orders Mathesar release numbers (major.minor.patch, a -suffix marks a pre-release). */
public final class ReleaseVersion {
  private static final Pattern PARTS = Pattern.compile("^([0-9]+)\\.([0-9]+)\\.([0-9]+)(-.+)?$");

  private ReleaseVersion() {}

  /** Negative when a is older than b; versions that do not parse compare as equal. */
  public static int compare(String a, String b) {
    var ma = PARTS.matcher(a);
    var mb = PARTS.matcher(b);
    if (!ma.matches() || !mb.matches()) {
      return 0;
    }
    for (int i = 1; i <= 3; i++) {
      int c = Long.compare(Long.parseLong(ma.group(i)), Long.parseLong(mb.group(i)));
      if (c != 0) {
        return c;
      }
    }
    boolean preA = ma.group(4) != null;
    boolean preB = mb.group(4) != null;
    if (preA != preB) {
      return preA ? -1 : 1;
    }
    return preA ? ma.group(4).compareTo(mb.group(4)) : 0;
  }
}
