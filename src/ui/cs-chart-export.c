/* cs-chart-export.c — the window's charts drawn off screen (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>

#include "cs-chart-export.h"
#include "cs-chart-private.h"

char *
cs_chart_export_worst_user (const CsExportCall *call)
{
  g_autoptr (GPtrArray) uids = cs_call_digest_dup_uids (call->digest);
  CsThresholds th;
  char *best = NULL;
  guint best_bad = 0;

  cs_stats_model_get_thresholds (call->model, &th);
  for (guint i = 0; i < uids->len; i++)
    {
      const char *uid = g_ptr_array_index (uids, i);
      CsParticipant *p = cs_stats_model_lookup (call->model, uid);
      guint up[7], down[7], bad = 0;

      if (p == NULL || cs_participant_get_is_local (p))
        continue;
      cs_call_digest_get_histogram (call->digest, uid, CS_LINK_UPLINK, up);
      cs_call_digest_get_histogram (call->digest, uid, CS_LINK_DOWNLINK, down);
      for (guint s = th.poor_quality_score; s <= 6; s++)
        bad += up[s] + down[s];
      if (best == NULL || bad > best_bad)
        {
          g_free (best);
          best = g_strdup (uid);
          best_bad = bad;
        }
    }
  return best;
}

static char *
delays_uid (const CsChartExport *spec)
{
  if (spec->delays_uid != NULL && cs_stats_model_lookup (spec->call->model, spec->delays_uid) != NULL)
    return g_strdup (spec->delays_uid);
  return cs_chart_export_worst_user (spec->call);
}

char *
cs_chart_export_title (const CsChartExport *spec, guint chart)
{
  g_return_val_if_fail (chart < CS_CHART_TABLE_LENGTH, NULL);
  if (cs_chart_rows[chart].series == CS_CHART_SELECTED_DELAYS)
    {
      g_autofree char *uid = delays_uid (spec);
      g_autofree char *name = uid != NULL ? cs_export_user_name (spec->call, uid) : NULL;

      if (name != NULL)
        /* Translators: chart title, %s is a user name */
        return g_strdup_printf (_("Delays of %s"), name);
    }
  return g_strdup (_(cs_chart_rows[chart].title));
}

static void
add_series (CsChartPlot *plot, CsTimeSeries *series, const char *label, guint color, CsTimeSeries *measured)
{
  CsChartSeries *s = g_new0 (CsChartSeries, 1);

  s->series = g_object_ref (series);
  s->measured = measured != NULL ? g_object_ref (measured) : NULL;
  s->label = g_strdup (label);
  s->color_index = color;
  g_ptr_array_add (plot->series, s);
}

static void
fill_plot (const CsChartExport *spec, guint chart, CsChartPlot *plot)
{
  const CsChartRow *row = &cs_chart_rows[chart];
  CsStatsModel *model = spec->call->model;
  GPtrArray *events = cs_stats_model_get_events (model);
  double duration = cs_stats_model_get_duration (model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  plot->title = cs_chart_export_title (spec, chart);
  plot->unit = g_strdup (row->unit);
  plot->style = row->style;
  plot->series = g_ptr_array_new_with_free_func (_cs_chart_series_free);
  plot->markers = g_array_new (FALSE, FALSE, sizeof (CsChartMarker));
  plot->origin = spec->wall_clock && isfinite (spec->call->start_time) ? spec->call->start_time : NAN;
  plot->margin_left = 64;
  if (isfinite (spec->t0) && isfinite (spec->t1) && spec->t1 > spec->t0)
    {
      plot->history = spec->t1 - spec->t0;
      plot->anchor = spec->t1;
      plot->latest = spec->t1;
    }
  else
    {
      /* the whole call, even a short one (the widget shows at least a minute) */
      plot->history = MAX (duration, 5);
      plot->anchor = -1;
      plot->latest = duration;
    }
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CsExceptionEvent *e = g_ptr_array_index (events, i);
      CsChartMarker m = { e->t, e->is_recovery };

      g_array_append_val (plot->markers, m);
    }
  if (row->series == CS_CHART_SELECTED_DELAYS)
    {
      g_autofree char *uid = delays_uid (spec);
      CsParticipant *p = uid != NULL ? cs_stats_model_lookup (model, uid) : NULL;
      CsTimeSeries *measured = p != NULL ? cs_participant_get_series (p, CS_SERIES_DELAY_MEASURED) : NULL;

      if (p != NULL)
        {
          add_series (plot, cs_participant_get_series (p, CS_SERIES_END2END_DELAY), "end2EndDelay", 0, measured);
          add_series (plot, cs_participant_get_series (p, CS_SERIES_RECEIVE_DELAY), "receiveDelay", 1, measured);
          add_series (plot, cs_participant_get_series (p, CS_SERIES_TRANSPORT_DELAY), "transportDelay", 2, measured);
        }
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *name = cs_export_user_name (spec->call, cs_participant_get_uid (p));

      add_series (plot, cs_participant_get_series (p, row->series), name, i, NULL);
    }
}

static void
clear_plot (CsChartPlot *plot)
{
  g_clear_pointer (&plot->series, g_ptr_array_unref);
  g_clear_pointer (&plot->markers, g_array_unref);
  g_clear_pointer (&plot->title, g_free);
  g_clear_pointer (&plot->unit, g_free);
}

GskRenderNode *
cs_chart_export_node (const CsChartExport *spec, guint chart, int width, int height)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  const GdkRGBA fg = { 0.14, 0.12, 0.19, 1 };
  const GdkRGBA bg = { 1, 1, 1, 1 };
  CsChartPlot plot = { 0 };

  g_return_val_if_fail (chart < CS_CHART_TABLE_LENGTH, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  /* the render node types the drawing uses, registered without gtk_init() (headless) */
  g_type_ensure (GSK_TYPE_CAIRO_NODE);
  /* the window's font, not the font map's serif default */
  pango_context_set_font_description (context, font);
  pango_font_description_free (font);
  fill_plot (spec, chart, &plot);
  cs_chart_draw_update_margin (&plot, context);
  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cs_chart_draw_plot (&plot, snapshot, context, &fg, width, height);
  clear_plot (&plot);
  g_object_unref (context);
  return gtk_snapshot_free_to_node (snapshot);
}

static gboolean
cairo_ok (cairo_status_t status, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the chart: %s"),
               cairo_status_to_string (status));
  return FALSE;
}

gboolean
cs_chart_export_png (const CsChartExport *spec, guint chart, int width, int height,
                     const char *path, GError **error)
{
  g_autoptr (GskRenderNode) node = cs_chart_export_node (spec, chart, width, height);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_WRITE_ERROR || status == CAIRO_STATUS_FILE_NOT_FOUND)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”"), display);
      return FALSE;
    }
  return cairo_ok (status, error);
}

static cairo_status_t
append_svg (void *closure, const unsigned char *data, unsigned int length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Finishes the recording surfaces of @node's cairo nodes. Painted into an SVG surface, a
 * recording surface gets a snapshot that refers back to it (cairo 1.16), a cycle that
 * nothing frees; finishing the source detaches its snapshots. */
static void
finish_cairo_nodes (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CAIRO_NODE:
      {
        cairo_surface_t *surface = gsk_cairo_node_get_surface (node);

        if (surface != NULL)
          cairo_surface_finish (surface);
      }
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        finish_cairo_nodes (gsk_container_node_get_child (node, i));
      break;
    case GSK_TRANSFORM_NODE:
      finish_cairo_nodes (gsk_transform_node_get_child (node));
      break;
    case GSK_CLIP_NODE:
      finish_cairo_nodes (gsk_clip_node_get_child (node));
      break;
    case GSK_ROUNDED_CLIP_NODE:
      finish_cairo_nodes (gsk_rounded_clip_node_get_child (node));
      break;
    case GSK_OPACITY_NODE:
      finish_cairo_nodes (gsk_opacity_node_get_child (node));
      break;
    default:
      break;
    }
}

char *
cs_chart_export_svg (const CsChartExport *spec, guint chart, int width, int height, GError **error)
{
  g_autoptr (GskRenderNode) node = cs_chart_export_node (spec, chart, width, height);
  g_autoptr (GString) svg = g_string_new (NULL);
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (append_svg, svg, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  finish_cairo_nodes (node);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!cairo_ok (status, error))
    return NULL;
  return g_string_free (g_steal_pointer (&svg), FALSE);
}

gboolean
cs_chart_export_all_png (const CsChartExport *spec, const char *directory, int width, int height,
                         GPtrArray *written, GError **error)
{
  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (directory);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Could not make the folder “%s”: %s"),
                   display, g_strerror (saved));
      return FALSE;
    }
  for (guint c = 0; c < CS_CHART_TABLE_LENGTH; c++)
    {
      g_autofree char *base = g_strdup_printf ("%02u-%s.png", c + 1, cs_chart_rows[c].file_name);
      g_autofree char *path = g_build_filename (directory, base, NULL);

      if (!cs_chart_export_png (spec, c, width, height, path, error))
        return FALSE;
      if (written != NULL)
        g_ptr_array_add (written, g_steal_pointer (&path));
    }
  return TRUE;
}
