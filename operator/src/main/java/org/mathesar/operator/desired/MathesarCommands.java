package org.mathesar.operator.desired;

import java.util.List;

/**
 * The commands the operator runs in the Mathesar image (working directory /code), in one place. The
 * image's default command migrates at every start, which races between replicas; the operator
 * instead migrates once per version in a Job and starts pods without the install step.
 */
public final class MathesarCommands {
  public static final String WORKING_DIR = "/code";
  public static final String STATIC_DIR = "/code/static";

  /** bin/mathesar run without -s (no install step) and without -f (never a throw-away database). */
  public static final List<String> WEB = List.of("bash", "./bin/mathesar", "run", "-ne");

  /**
   * Collects the static files into $STATIC_INTO (default /code/static), as collectstatic does, but
   * with gzip only: WhiteNoise's Brotli pass at its highest quality is nearly all of the time
   * (measured on 2 cores: 56 s with it, 4 s without, for the same 382 compressed files), and every
   * browser takes gzip. Only the module flag WhiteNoise reads when it makes its compressor is
   * changed, so an image whose WhiteNoise has no such flag simply keeps Brotli. STATIC_ROOT is set
   * before the storage is first used, which is when Django reads it.
   */
  static final String COLLECT_SCRIPT =
      String.join(
          "\n",
          "import os",
          "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')",
          "try:",
          "    import whitenoise.compress",
          "    whitenoise.compress.brotli_installed = False",
          "except ImportError:",
          "    pass",
          "import django",
          "django.setup()",
          "from django.conf import settings",
          "settings.STATIC_ROOT = os.environ.get('STATIC_INTO', settings.STATIC_ROOT)",
          "from django.core.management import call_command",
          "call_command('collectstatic', interactive=False, clear=True, verbosity=0)");

  /** Where on the media volume the sets of static files are kept, one per image. */
  public static final String STATIC_CACHE = "~static";

  /**
   * Fills /code/static, which WhiteNoise serves (the install step would otherwise do it), once per
   * image rather than once per pod. A set is keyed by the image's own files (names, sizes and times
   * of Mathesar's code and of every directory on Python's path, which is where collectstatic
   * reads), MODE and the collect script, so a re-pushed tag gets a set of its own. It is collected
   * into a temporary directory and renamed into place whole, so a set under its key is always
   * complete; of two pods collecting at once, one rename wins and the other pod uses that set. The
   * pod's /code/static (an emptyDir) then holds links into the set, which WhiteNoise follows when
   * it indexes the files at start, and is checked once linked. "~" cannot be in a Django username,
   * so the cache never meets a user's upload directory. A set goes only when it is not among the
   * three used last and no pod has started with it for a week (running pods read their set until
   * they stop), renamed away first so that no half-deleted set is ever under its key. A media
   * volume that cannot take the set (full, read-only, another owner) makes the pod collect into its
   * own emptyDir, as every pod did before.
   */
  public static final List<String> PREPARE_STATIC =
      List.of(
          "bash",
          "-c",
          String.join(
              "\n",
              "set -eu",
              "cache=" + MathesarEnvironment.MEDIA_ROOT + STATIC_CACHE,
              "own=" + STATIC_DIR,
              "find \"$own\" -mindepth 1 -delete",
              "mapfile -t paths < <(python -c 'import os, sys; print(\"\\n\".join(p for p in sys.path if os.path.isdir(p)))')",
              "key=$({ printf '%s\\n%s\\n' \"$1\" \"${MODE:-}\"; find /code/mathesar /code/config \"${paths[@]}\" -path /code/.media -prune -o -path /code/static -prune -o -type f -printf '%p %s %T@\\n' | LC_ALL=C sort; } | sha256sum | cut -c1-16)",
              "set_dir=\"$cache/$key\"",
              "fallback() {",
              "  echo \"static files: $1; collecting into this pod only\"",
              "  exec env STATIC_INTO=\"$own\" python -c \"$2\"",
              "}",
              "tmp=",
              "how=\"used, collected before\"",
              "if [ ! -r \"$set_dir/staticfiles.json\" ]; then",
              "  if mkdir -p \"$cache\" 2>/dev/null && tmp=$(mktemp -d \"$cache/.new-$key-XXXXXX\" 2>/dev/null) && chmod 755 \"$tmp\" && STATIC_INTO=\"$tmp\" python -c \"$1\"; then",
              "    find \"$tmp\" -type f -exec chmod a-w {} +",
              "    touch \"$set_dir.used\" 2>/dev/null || true",
              "    if mv -T \"$tmp\" \"$set_dir\" 2>/dev/null; then how=collected; else how=\"used, collected by another pod meanwhile\"; fi",
              "  fi",
              "  [ -z \"$tmp\" ] || rm -rf \"$tmp\"",
              "fi",
              "touch \"$set_dir.used\" 2>/dev/null || true",
              "[ -r \"$set_dir/staticfiles.json\" ] || fallback \"the media volume cannot hold set $key\" \"$1\"",
              "ln -s \"$set_dir\"/* \"$own\"/",
              "[ -r \"$own/staticfiles.json\" ] || { find \"$own\" -mindepth 1 -delete; fallback \"set $key went away\" \"$1\"; }",
              "echo \"static files: set $key on the media volume ($how)\"",
              "ls -t \"$cache\"/*.used 2>/dev/null | tail -n +4 | while read -r used; do",
              "  [ -n \"$(find \"$used\" -mtime +7)\" ] || continue",
              "  old=\"$cache/.old-$(basename \"${used%.used}\")-$$\"",
              "  { mv -T \"${used%.used}\" \"$old\" 2>/dev/null || [ ! -e \"${used%.used}\" ]; } && rm -rf \"$used\" \"$old\" || true",
              "done",
              "find \"$cache\" -maxdepth 1 \\( -name '.new-*' -o -name '.old-*' \\) -mmin +60 -exec rm -rf {} + || true"),
          "prepare-static",
          COLLECT_SCRIPT);

  /**
   * The web container's preStop hook. A pod that is being deleted leaves the Service's endpoints at
   * once, but each node's kube-proxy drops it from its rules a moment later; until then new
   * connections still go to it, and once gunicorn had stopped they were lost (seen after a roll on
   * real pods: a connection to the ClusterIP timed out). So the pod goes on serving for 5 s before
   * gunicorn gets SIGTERM, well inside the 30 s grace period.
   */
  public static final List<String> PRE_STOP = List.of("sleep", "5");

  public static final List<String> MIGRATE = List.of("python", "manage.py", "migrate", "--noinput");

  /**
   * Creates the superuser from DJANGO_SUPERUSER_* unless a user of that name exists, so that a
   * re-run (or an admin made by hand) is not an error.
   */
  public static final List<String> CREATE_ADMIN =
      List.of(
          "python",
          "manage.py",
          "shell",
          "-c",
          String.join(
              "\n",
              "import os",
              "from django.contrib.auth import get_user_model",
              "User = get_user_model()",
              "name = os.environ['DJANGO_SUPERUSER_USERNAME']",
              "if User.objects.filter(username=name).exists():",
              "    print('admin user exists: ' + name)",
              "else:",
              "    User.objects.create_superuser(name, os.environ.get('DJANGO_SUPERUSER_EMAIL', ''),"
                  + " os.environ['DJANGO_SUPERUSER_PASSWORD'])",
              "    print('admin user created: ' + name)"));

  /**
   * MIGRATE, then CREATE_ADMIN in the same container: bash runs the migration and, only if it
   * succeeded, replaces itself with the admin step, whose script is passed as an argument so no
   * quoting is needed.
   */
  public static final List<String> MIGRATE_AND_CREATE_ADMIN =
      List.of(
          "bash",
          "-c",
          String.join(" ", MIGRATE) + " && exec python manage.py shell -c \"$1\"",
          "migrate-and-create-admin",
          CREATE_ADMIN.get(CREATE_ADMIN.size() - 1));

  private MathesarCommands() {}
}
