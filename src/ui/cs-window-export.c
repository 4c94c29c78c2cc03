/* cs-window-export.c — the window's Export menu: report, CSV, chart images, summary, picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exports are made on the main context from the model as it is (cs-call-export.c, a few
 * milliseconds for a short call), then written asynchronously. "Anonymise Exports" is a
 * toggle that every export follows.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-call-export.h"
#include "cs-window-private.h"

typedef enum
{
  EXPORT_REPORT,
  EXPORT_CSV,
  EXPORT_CHARTS,
} ExportKind;

typedef struct
{
  CsWindow  *window;   /* a reference */
  ExportKind kind;
} ExportRequest;

static gboolean
anonymise (CsWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "export-anonymise");
  g_autoptr (GVariant) state = action != NULL ? g_action_get_state (action) : NULL;

  return state != NULL && g_variant_get_boolean (state);
}

static gboolean
wall_clock (CsWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "wall-clock");
  g_autoptr (GVariant) state = action != NULL ? g_action_get_state (action) : NULL;

  return state == NULL || g_variant_get_boolean (state);
}

static gboolean
has_call (CsWindow *self)
{
  return cs_stats_model_get_duration (self->model) > 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;
}

static void
request_free (ExportRequest *request)
{
  g_object_unref (request->window);
  g_free (request);
}

static void
written_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CsWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not write “%s”: %s"), name, error->message);

      _cs_window_toast (self, text);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

    _cs_window_toast (self, text);
  }
}

static void
write_bytes (CsWindow *self, GFile *file, GBytes *bytes)
{
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       written_cb, g_object_ref (self));
}

static void
export_to (CsWindow *self, ExportKind kind, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  switch (kind)
    {
    case EXPORT_REPORT:
      bytes = cs_call_export_report (self->controller, anonymise (self), self->selected_uid, wall_clock (self), &error);
      break;
    case EXPORT_CSV:
      bytes = cs_call_export_csv (self->controller, anonymise (self), &error);
      break;
    case EXPORT_CHARTS:
      {
        g_autofree char *path = g_file_get_path (file);
        g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

        if (path == NULL)
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Chart images go into a local folder"));
        else if (cs_call_export_charts (self->controller, anonymise (self), self->selected_uid, wall_clock (self),
                                        path, written, &error))
          {
            g_autofree char *text = g_strdup_printf (ngettext ("Saved %u chart image", "Saved %u chart images",
                                                               written->len), written->len);

            _cs_window_toast (self, text);
            return;
          }
      }
      break;
    }
  if (bytes == NULL)
    {
      _cs_window_toast (self, error != NULL ? error->message : _("The export failed"));
      return;
    }
  write_bytes (self, file, bytes);
}

/* the file or folder the user chose */
static void
chooser_response_cb (GtkNativeDialog *dialog, int response, ExportRequest *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      G_GNUC_END_IGNORE_DEPRECATIONS

      if (file != NULL)
        export_to (request->window, request->kind, file);
    }
  g_object_unref (dialog);
  request_free (request);
}

/* "callscope-<mode>-<start>" */
static char *
suggested_name (CsWindow *self, const char *extension)
{
  double start = cs_call_controller_get_start_time (self->controller);
  g_autofree char *when = NULL;

  if (isfinite (start))
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) start);
      g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      when = local != NULL ? g_date_time_format (local, "%Y-%m-%d-%H%M%S") : NULL;
    }
  return g_strdup_printf ("callscope-%s%s%s%s", cs_call_controller_get_mode_name (self->controller),
                          when != NULL ? "-" : "", when != NULL ? when : "", extension);
}

static void
ask (CsWindow *self, ExportKind kind)
{
  static const char *const titles[] = { N_("Export Report"), N_("Export CSV"), N_("Export Chart Images") };
  GtkFileChooserNative *dialog;
  ExportRequest *request;

  if (!has_call (self))
    {
      _cs_window_toast (self, _("There is no call to export yet"));
      return;
    }
  request = g_new0 (ExportRequest, 1);
  request->window = g_object_ref (self);
  request->kind = kind;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new (_(titles[kind]), GTK_WINDOW (self),
                                        kind == EXPORT_CHARTS ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                              : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        kind == EXPORT_CHARTS ? _("_Select") : _("_Save"), _("_Cancel"));
  if (kind != EXPORT_CHARTS)
    {
      g_autofree char *name = suggested_name (self, kind == EXPORT_REPORT ? ".html" : ".csv");

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), request);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_report_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ask (user_data, EXPORT_REPORT);
}

static void
export_csv_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ask (user_data, EXPORT_CSV);
}

static void
export_charts_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  ask (user_data, EXPORT_CHARTS);
}

static void
copy_summary_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  g_autofree char *text = NULL;

  if (!has_call (self))
    {
      _cs_window_toast (self, _("There is no call to export yet"));
      return;
    }
  text = cs_call_export_summary (self->controller, anonymise (self));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  _cs_window_toast (self, _("Summary copied"));
}

GdkTexture *
_cs_window_export_charts_texture (CsWindow *self, int width)
{
  g_autofree char *source = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  CsExportCall call;
  CsChartExport spec;
  cairo_surface_t *surface;
  cairo_t *cr;
  GdkTexture *texture;
  int height = CS_CHART_TABLE_LENGTH * CS_CHART_EXPORT_HEIGHT;

  cs_call_export_describe (self->controller, anonymise (self), &call, &source);
  spec = (CsChartExport) { &call, self->selected_uid, NAN, NAN, wall_clock (self) };
  /* the charts one under the other, as in the window */
  for (guint c = 0; c < CS_CHART_TABLE_LENGTH; c++)
    {
      g_autoptr (GskRenderNode) chart = cs_chart_export_node (&spec, c, width, CS_CHART_EXPORT_HEIGHT);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, c * CS_CHART_EXPORT_HEIGHT));
      gtk_snapshot_append_node (snapshot, chart);
      gtk_snapshot_restore (snapshot);
    }
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  {
    g_autoptr (GBytes) bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                                            (gsize) cairo_image_surface_get_stride (surface) * height);

    texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                      cairo_image_surface_get_stride (surface));
  }
  cairo_surface_destroy (surface);
  return texture;
}

static void
copy_charts_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  g_autoptr (GdkTexture) texture = NULL;
  int width;

  if (!has_call (self))
    {
      _cs_window_toast (self, _("There is no call to export yet"));
      return;
    }
  /* at the size shown, or the export's size when the charts are narrower */
  width = MAX (gtk_widget_get_width (self->charts_box), CS_CHART_EXPORT_WIDTH);
  texture = _cs_window_export_charts_texture (self, MIN (width, 4096));
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (self)), texture);
  _cs_window_toast (self, _("Chart image copied"));
}

static const GActionEntry export_actions[] = {
  { "export-report", export_report_activated, NULL, NULL, NULL },
  { "export-csv", export_csv_activated, NULL, NULL, NULL },
  { "export-charts", export_charts_activated, NULL, NULL, NULL },
  { "copy-summary", copy_summary_activated, NULL, NULL, NULL },
  { "copy-charts", copy_charts_activated, NULL, NULL, NULL },
  { "export-anonymise", NULL, NULL, "false", NULL },
};

void
_cs_window_export_init (CsWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), export_actions, G_N_ELEMENTS (export_actions), self);
}

gboolean
_cs_window_export_to_file (CsWindow *self, const char *kind, GFile *file)
{
  if (!has_call (self))
    return FALSE;
  if (g_str_equal (kind, "report"))
    export_to (self, EXPORT_REPORT, file);
  else if (g_str_equal (kind, "csv"))
    export_to (self, EXPORT_CSV, file);
  else if (g_str_equal (kind, "charts"))
    export_to (self, EXPORT_CHARTS, file);
  else
    return FALSE;
  return TRUE;
}
