/* cs-window-reproduce.c — CsWindow's "Reproduce in Lab": the call shown, played again in the lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * win.reproduce-in-lab takes the file the window shows (a recording or a dump opened, or the
 * recording of the call that just ended), makes a lab scenario of it in a thread
 * (cs_scenario_make(), which replays it through a model of its own), saves it in the user's
 * cache folder, and starts a lab call on it, recorded beside it. The call ends by itself once
 * the scenario's duration has run from the first media (as on the command line); the window
 * then compares the reproduction with the original in a thread (cs_call_compare_files()) and
 * shows what `--compare` prints in a dialog. A reproduction stopped early is compared as far
 * as it went, and the dialog says so.
 */
#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cs-call-compare.h"
#include "cs-call-config.h"
#include "cs-scenario.h"
#include "cs-scenario-maker.h"
#include "cs-window-private.h"

/* A reproduction waits this long for its first media, then runs its duration anyway */
#define MEDIA_WAIT_S 30

struct _CsReproduction
{
  GFile   *original;
  char    *scenario_path;
  char    *record_path;
  guint    users;
  double   duration;      /* the scenario's, from the first media */
  gboolean making;        /* the scenario is being made */
  gboolean running;       /* its lab call runs */
  gboolean ended_by_timer;
  guint    timer;
  gulong   committed_id;
  char    *result;        /* the last comparison, in words */
};

static void
reproduction_stop_timers (CsWindow *self)
{
  CsReproduction *r = self->reproduction;

  g_clear_handle_id (&r->timer, g_source_remove);
  g_clear_signal_handler (&r->committed_id, self->model);
}

void
_cs_window_reproduce_dispose (CsWindow *self)
{
  CsReproduction *r = self->reproduction;

  if (r == NULL)
    return;
  reproduction_stop_timers (self);
  g_clear_object (&r->original);
  g_free (r->scenario_path);
  g_free (r->record_path);
  g_free (r->result);
  g_clear_pointer (&self->reproduction, g_free);
}

static void
update_action (CsWindow *self)
{
  CsReproduction *r = self->reproduction;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "reproduce-in-lab");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->call_file != NULL && !r->making && !r->running);
}

void
_cs_window_set_call_file (CsWindow *self, GFile *file)
{
  g_set_object (&self->call_file, file);
  if (self->reproduction != NULL)
    update_action (self);
}

const char *
_cs_window_reproduce_get_result (CsWindow *self)
{
  return self->reproduction != NULL ? self->reproduction->result : NULL;
}

gboolean
_cs_window_reproduce_get_running (CsWindow *self)
{
  return self->reproduction != NULL && (self->reproduction->making || self->reproduction->running);
}

/* ---- the comparison ----------------------------------------------------------------- */

static void
compare_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GFile **files = data;
  GError *error = NULL;
  CsCompareResult *result = cs_call_compare_files (files[0], files[1], &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) cs_compare_result_free);
}

static void
files_free (gpointer data)
{
  GFile **files = data;

  g_clear_object (&files[0]);
  g_clear_object (&files[1]);
  g_free (files);
}

static void
copy_response_cb (AdwMessageDialog *dialog, const char *response, CsWindow *self)
{
  if (g_str_equal (response, "copy") && self->reproduction->result != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->reproduction->result);
}

static void
compared_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  CsReproduction *r = self->reproduction;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsCompareResult) result = g_task_propagate_pointer (G_TASK (res), &error);
  g_autofree char *text = NULL;
  GtkWidget *dialog, *label, *scrolled;

  if (result == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot compare the reproduction: %s"), error->message);

      _cs_window_toast (self, message);
      return;
    }
  text = cs_compare_result_describe (result);
  g_free (r->result);
  r->result = g_steal_pointer (&text);

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   result->passed ? _("The Reproduction Agrees") : _("The Reproduction Differs"),
                                   NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                  r->ended_by_timer
                                    /* xgettext:no-c-format */
                                    ? _("The lab played the network of the original call. Scores within one step on at least 80 % of the seconds, and every network exception within 3 s, make a reproduction agree.")
                                    : _("The reproduction was stopped before its end: it is compared as far as it went."));
  label = gtk_label_new (r->result);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  /* the message dialog is narrow: long lines wrap rather than scroll sideways */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 90);
  /* and never narrower than 40 columns. This also keeps the dialog wider than its heading:
   * libadwaita 1.7 measures the one-line heading for the dialog's minimum width even when it
   * does not fit there (GTK warns), before it falls back to the smaller, wrapped heading. */
  gtk_label_set_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "monospace");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "copy", _("_Copy"), "close", _("_Close"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (copy_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window's call stopped (cs-window-call.c): a reproduction's recording is complete */
void
_cs_window_reproduce_call_stopped (CsWindow *self)
{
  CsReproduction *r = self->reproduction;
  g_autoptr (GTask) task = NULL;
  GFile **files;

  if (r == NULL || !r->running)
    return;
  r->running = FALSE;
  reproduction_stop_timers (self);
  update_action (self);
  files = g_new0 (GFile *, 2);
  files[0] = g_object_ref (r->original);
  files[1] = g_file_new_for_path (r->record_path);
  task = g_task_new (self, NULL, compared_cb, NULL);
  g_task_set_task_data (task, files, files_free);
  g_task_run_in_thread (task, compare_thread);
}

/* ---- the lab call ------------------------------------------------------------------ */

static gboolean
on_end (gpointer user_data)
{
  CsWindow *self = user_data;

  self->reproduction->timer = 0;
  self->reproduction->ended_by_timer = TRUE;
  _cs_window_stop_call (self);
  return G_SOURCE_REMOVE;
}

static void
start_duration (CsWindow *self)
{
  CsReproduction *r = self->reproduction;

  g_clear_signal_handler (&r->committed_id, self->model);
  g_clear_handle_id (&r->timer, g_source_remove);
  /* a second more than the scenario, so that its last second is committed */
  r->timer = g_timeout_add ((guint) MIN ((r->duration + 1) * 1000, G_MAXUINT), on_end, self);
}

static gboolean
on_media_wait (gpointer user_data)
{
  CsWindow *self = user_data;

  self->reproduction->timer = 0;
  start_duration (self);
  return G_SOURCE_REMOVE;
}

static void
committed_cb (CsStatsModel *model, double t, CsWindow *self)
{
  if (cs_stats_model_get_has_media (model))
    start_duration (self);
}

/* ---- the scenario ------------------------------------------------------------------ */

typedef struct
{
  GFile *original;
  char  *scenario_path;
  char  *record_path;
  guint  users;
} MakeData;

static void
make_data_free (gpointer data)
{
  MakeData *d = data;

  g_clear_object (&d->original);
  g_free (d->scenario_path);
  g_free (d->record_path);
  g_free (d);
}

static void
make_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  MakeData *d = data;
  GError *error = NULL;
  g_autofree char *json = cs_scenario_make (d->original, &d->users, &error);
  g_autofree char *dir = g_path_get_dirname (d->scenario_path);

  if (json == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir,
                               g_strerror (saved));
      return;
    }
  if (!g_file_set_contents (d->scenario_path, json, -1, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
made_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  CsReproduction *r = self->reproduction;
  MakeData *d = g_task_get_task_data (G_TASK (res));
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) scenario = NULL;
  g_autofree char *text = NULL;
  CsCallConfig config;

  r->making = FALSE;
  if (!g_task_propagate_boolean (G_TASK (res), &error) ||
      (scenario = cs_scenario_load (d->scenario_path, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot reproduce the call in the lab: %s"), error->message);

      _cs_window_toast (self, message);
      update_action (self);
      return;
    }
  g_set_object (&r->original, d->original);
  g_free (r->scenario_path);
  r->scenario_path = g_strdup (d->scenario_path);
  g_free (r->record_path);
  r->record_path = g_strdup (d->record_path);
  r->users = MAX (d->users, 1);
  r->duration = cs_scenario_get_duration (scenario) > 0 ? cs_scenario_get_duration (scenario) : 60;
  r->ended_by_timer = FALSE;

  cs_call_config_init (&config);
  config.mode = CS_CALL_MODE_LAB;
  config.users = r->users;
  config.scenario = g_strdup (r->scenario_path);
  config.record = g_strdup (r->record_path);
  cs_window_start_call (self, &config);
  cs_call_config_clear (&config);
  if (!cs_call_controller_get_running (self->controller))
    {
      update_action (self);
      return;
    }
  r->running = TRUE;
  update_action (self);
  r->committed_id = g_signal_connect (self->model, "committed", G_CALLBACK (committed_cb), self);
  r->timer = g_timeout_add_seconds (MEDIA_WAIT_S, on_media_wait, self);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reproducing the call in the lab: %u user, %.0f s",
                                       "Reproducing the call in the lab: %u users, %.0f s", r->users),
                          r->users, r->duration);
  _cs_window_toast (self, text);
}

static void
reproduce_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (user_data);
  CsReproduction *r = self->reproduction;
  g_autoptr (GTask) task = NULL;
  g_autofree char *base = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  char *dot;
  MakeData *d;

  if (self->call_file == NULL || r->making || r->running)
    return;
  base = g_file_get_basename (self->call_file);
  stem = g_strdup (base != NULL ? base : "call");
  if ((dot = strchr (stem, '.')) != NULL && dot != stem)
    *dot = '\0';
  dir = g_build_filename (g_get_user_cache_dir (), "callscope", "reproductions", NULL);
  d = g_new0 (MakeData, 1);
  d->original = g_object_ref (self->call_file);
  name = g_strdup_printf ("%s.scenario.json", stem);
  d->scenario_path = g_build_filename (dir, name, NULL);
  g_free (name);
  name = g_strdup_printf ("%s.reproduction.jsonl", stem);
  d->record_path = g_build_filename (dir, name, NULL);
  r->making = TRUE;
  update_action (self);
  task = g_task_new (self, NULL, made_cb, NULL);
  g_task_set_task_data (task, d, make_data_free);
  g_task_run_in_thread (task, make_thread);
}

void
_cs_window_reproduce_init (CsWindow *self)
{
  static const GActionEntry entries[] = {
    { "reproduce-in-lab", reproduce_activated },
  };

  self->reproduction = g_new0 (CsReproduction, 1);
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  update_action (self);
}
