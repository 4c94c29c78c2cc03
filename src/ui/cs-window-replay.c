/* cs-window-replay.c — CsWindow opens a recording: the replay and its progress bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The controller reads the file in a worker thread and feeds the model a few milliseconds
 * per main-loop iteration (cs_call_controller_replay_async()), so the window stays
 * responsive. The bar under the header shows how far it is and cancels it; the views
 * follow the model at most every VIEWS_INTERVAL_US during the replay (not once per
 * replayed second, as during a call), and once more at the end.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-details-pane.h"
#include "cs-window-private.h"

/* Every redraw of the window costs more than a chunk of the replay (the charts, tens of
 * milliseconds with a software renderer): the bar and the views follow the replay at most
 * this often, so that most main-loop iterations feed the model. */
#define BAR_INTERVAL_US   (100 * 1000)
#define VIEWS_INTERVAL_US (500 * 1000)

static void
follow_replay (CsWindow *self)
{
  double duration = cs_stats_model_get_duration (self->model);

  /* the charts span the recording */
  _cs_window_set_history (self, duration > 3600 ? "all" : duration > 300 ? "1h" : duration > 60 ? "5m" : "1m");
  _cs_window_update_views (self, duration);
  self->replay_views_at = g_get_monotonic_time ();
}

static void
progress_cb (CsCallController *controller, GParamSpec *pspec, CsWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  double fraction = cs_call_controller_get_replay_progress (controller);

  /* shown as a percentage */
  if (now - self->replay_bar_at >= BAR_INTERVAL_US || fraction == 0 || fraction == 1)
    {
      gtk_progress_bar_set_fraction (self->replay_progress, fraction);
      self->replay_bar_at = now;
    }
  if (self->replaying && cs_stats_model_get_state (self->model) == CS_CALL_STATE_JOINED &&
      now - self->replay_views_at >= VIEWS_INTERVAL_US)
    follow_replay (self);
}

static void
replaying_cb (CsCallController *controller, GParamSpec *pspec, CsWindow *self)
{
  gboolean replaying = cs_call_controller_get_replaying (controller);

  gtk_revealer_set_reveal_child (self->replay_revealer, replaying);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "cancel-replay")),
                               replaying);
  if (replaying || !self->replaying)
    return;
  /* ended: to the end, cancelled or broken, the model left the call where it stopped */
  self->replaying = FALSE;
  if (cs_stats_model_get_state (self->model) != CS_CALL_STATE_IDLE &&
      (g_strcmp0 (cs_call_controller_get_mode_name (controller), "replay") == 0 ||
       g_strcmp0 (cs_call_controller_get_mode_name (controller), "import") == 0))
    {
      follow_replay (self);
      cs_details_pane_update (self->details_pane, self->model, self->selected_uid);
      gtk_stack_set_visible_child_name (self->main_stack, "call");
    }
}

static void
replayed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) warnings = NULL;
  CsWindow *self;

  if (!cs_call_controller_replay_finish (CS_CALL_CONTROLLER (source), result, &warnings, &error))
    {
      /* cancelled: by the user (the model shows what was replayed), or because the window
       * closes (it may be gone: not touched) */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = CS_WINDOW (user_data);
      {
        /* TRANSLATORS: %s is a file name, then why it cannot be opened */
        g_autofree char *text = g_strdup_printf (_("Cannot open “%s”: %s"), self->replay_name, error->message);
        _cs_window_toast (self, text);
      }
      return;
    }
  self = CS_WINDOW (user_data);
  /* what the reader tolerated: a truncated last line, lines of unknown types */
  for (guint i = 0; warnings[i] != NULL; i++)
    _cs_window_toast (self, warnings[i]);
}

void
cs_window_open_recording (CsWindow *self, GFile *file)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* the call in progress ends now (and a replay in progress stops where it is) */
  _cs_window_stop_call (self);
  _cs_window_reset_videos (self);
  g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  self->replay_cancellable = g_cancellable_new ();
  _cs_window_set_call_file (self, file);
  name = g_file_get_basename (file);
  g_free (self->replay_name);
  self->replay_name = g_strdup (name);
  /* Translators: beside the replay's progress bar, %s is a file name */
  text = g_strdup_printf (_("Opening %s"), name);
  gtk_label_set_text (self->replay_label, text);
  self->replaying = TRUE;
  self->replay_views_at = self->replay_bar_at = 0;
  cs_call_controller_replay_async (self->controller, file, NULL, self->replay_cancellable, replayed_cb, self);
}

void
_cs_window_cancel_replay (CsWindow *self)
{
  g_cancellable_cancel (self->replay_cancellable);
}

/* A file dropped on the window opens as Open… would: a recording or a dump */
static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, CsWindow *self)
{
  GFile *file = G_VALUE_HOLDS (value, G_TYPE_FILE) ? g_value_get_object (value) : NULL;

  if (file == NULL)
    return FALSE;
  cs_window_open_recording (self, file);
  return TRUE;
}

void
_cs_window_replay_init (CsWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  g_signal_connect (self->controller, "notify::replay-progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->controller, "notify::replaying", G_CALLBACK (replaying_cb), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "cancel-replay")),
                               FALSE);
}
