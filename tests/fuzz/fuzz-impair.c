/* fuzz-impair.c — a --impair value ("[USER:]KEY=VALUE[,KEY=VALUE...]") through cs_impairment_parse ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the option's text (up to its first NUL, as a command line gives it).
 * An accepted value names a valid user (or none), sets only link values and only in
 * their ranges, and reads back from its readable form with the same keys set.
 */
#include "config.h"

#include <string.h>

#include "cs-impairment.h"
#include "fuzz-common.h"

static const double link_max[CS_N_LINK_KEYS] = { 100, 60000, 60000, 10000000 };

static void
check_accepted (const char *uid, const CsImpairment *imp)
{
  g_autofree char *text = NULL;
  g_autofree char *again_uid = NULL;
  g_autoptr (GError) error = NULL;
  CsImpairment again;

  if (uid != NULL)
    {
      cs_fuzz_check (*uid != '\0');
      for (const char *p = uid; *p != '\0'; p++)
        cs_fuzz_check (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.');
    }
  for (guint k = 0; k < CS_N_LINK_KEYS; k++)
    {
      cs_fuzz_check (imp->up[k] == CS_IMPAIR_UNSET || (imp->up[k] >= 0 && imp->up[k] <= link_max[k]));
      cs_fuzz_check (imp->down[k] == CS_IMPAIR_UNSET || (imp->down[k] >= 0 && imp->down[k] <= link_max[k]));
    }
  /* --impair sets the network only: devices belong to scenarios. */
  cs_fuzz_check (imp->capture_fps == CS_IMPAIR_UNSET && imp->mic_level == CS_IMPAIR_UNSET &&
                 imp->bitrate_kbps == CS_IMPAIR_UNSET && imp->send_video == -1 && imp->send_audio == -1);

  /* "loss=10 up.delay=5" is the log's form; with commas it is an --impair value again
   * (values printed with %g, so only which keys are set is compared). */
  text = cs_impairment_to_string (imp);
  cs_fuzz_check (text != NULL);
  if (*text == '\0')
    return;
  g_strdelimit (text, " ", ',');
  cs_fuzz_check (cs_impairment_parse (text, &again_uid, &again, &error));
  cs_fuzz_check (again_uid == NULL);
  for (guint k = 0; k < CS_N_LINK_KEYS; k++)
    {
      cs_fuzz_check ((imp->up[k] >= 0) == (again.up[k] >= 0));
      cs_fuzz_check ((imp->down[k] >= 0) == (again.down[k] >= 0));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *uid = NULL;
  g_autoptr (GError) error = NULL;
  CsImpairment imp;

  cs_fuzz_init ();
  if (cs_impairment_parse (text, &uid, &imp, &error))
    {
      cs_fuzz_check (error == NULL);
      check_accepted (uid, &imp);
    }
  else
    {
      cs_fuzz_check (error != NULL && error->message != NULL);
      if (g_utf8_validate (text, -1, NULL))
        cs_fuzz_check_utf8 (error->message);
      cs_fuzz_check (uid == NULL);
    }
  return 0;
}
