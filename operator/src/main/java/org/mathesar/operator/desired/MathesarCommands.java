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
   * Fills /code/static, which WhiteNoise serves; the install step would otherwise do it. As
   * collectstatic, but with gzip only: WhiteNoise's Brotli pass at its highest quality is nearly
   * all of the time (measured on 2 cores: 56 s with it, 4 s without, for the same 382 compressed
   * files), and every browser takes gzip. Only the module flag WhiteNoise reads when it makes its
   * compressor is changed, so an image whose WhiteNoise has no such flag simply keeps Brotli.
   */
  public static final List<String> COLLECT_STATIC =
      List.of(
          "python",
          "-c",
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
              "from django.core.management import call_command",
              "call_command('collectstatic', interactive=False, clear=True, verbosity=1)"));

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
