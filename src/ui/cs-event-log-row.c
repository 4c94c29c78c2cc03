/* cs-event-log-row.c — the widget of one line of the event log, bound to a CsLogEntry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event log's GtkListView makes rows only for the lines on screen and gives each a new
 * entry as it scrolls (ui/cs-event-log-item.ui binds "entry" to the list item's item), so
 * setting the entry sets everything a line shows, and undoes what another line set: the
 * icon's class, the duration's "ongoing" class and visibility, the detail's visibility.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-chart-geometry.h"
#include "cs-event-log-row.h"

struct _CsEventLogRow
{
  GtkWidget   parent_instance;

  GtkWidget  *time;
  GtkWidget  *icon;
  GtkWidget  *title;
  GtkWidget  *duration;
  GtkWidget  *detail;
  CsLogEntry *entry;
  gulong      ongoing_id;
  gulong      origin_id;
};

enum
{
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CsEventLogRow, cs_event_log_row, GTK_TYPE_WIDGET)

static const char *const icon_classes[] = { "recovery", "exception", "info" };

static void
update_duration (CsEventLogRow *self)
{
  g_autofree char *text = NULL;
  GtkLabel *label = GTK_LABEL (self->duration);

  if (cs_log_entry_get_kind (self->entry) != CS_LOG_KIND_EXCEPTION)
    {
      gtk_widget_set_visible (self->duration, FALSE);
      return;
    }
  gtk_widget_set_visible (self->duration, TRUE);
  if (cs_log_entry_get_ongoing (self->entry))
    {
      gtk_label_set_text (label, _("ongoing"));
      gtk_widget_add_css_class (self->duration, "ongoing");
      return;
    }
  gtk_widget_remove_css_class (self->duration, "ongoing");
  /* Translators: how long an exception lasted, e.g. "lasted 12 s" */
  text = g_strdup_printf (_("lasted %.0f s"), cs_log_entry_get_duration (self->entry));
  gtk_label_set_text (label, text);
}

static void
ongoing_cb (CsLogEntry *entry, GParamSpec *pspec, CsEventLogRow *self)
{
  update_duration (self);
}

static const char *
icon_name_for (CsLogEntry *entry)
{
  guint code = cs_log_entry_get_code (entry);

  if ((code >= 3000 && code < 5000) || code >= 7000)
    return "emblem-ok-symbolic";
  switch (cs_log_entry_get_kind (entry))
    {
    case CS_LOG_KIND_EXCEPTION:
      return "dialog-warning-symbolic";
    case CS_LOG_KIND_PRESENCE:
      return "avatar-default-symbolic";
    case CS_LOG_KIND_CONNECTION:
    default:
      return "network-wired-symbolic";
    }
}

static void
show_entry (CsEventLogRow *self)
{
  CsLogEntry *entry = self->entry;
  g_autofree char *time_text = cs_chart_format_clock (cs_log_entry_get_t (entry), cs_log_entry_get_origin (entry));
  g_autofree char *title_text = NULL;
  g_autofree char *a11y = NULL;
  const char *icon_name = icon_name_for (entry);
  const char *detail = cs_log_entry_get_detail (entry);

  gtk_label_set_text (GTK_LABEL (self->time), time_text);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (icon_classes); i++)
    gtk_widget_remove_css_class (self->icon, icon_classes[i]);
  gtk_widget_add_css_class (self->icon, icon_name[0] == 'e' ? "recovery" : icon_name[0] == 'd' ? "exception" : "info");

  if (cs_log_entry_get_code (entry) != 0)
    title_text = g_strdup_printf ("%s · %s (%u)", cs_log_entry_get_user_name (entry),
                                  cs_log_entry_get_title (entry), cs_log_entry_get_code (entry));
  else
    title_text = g_strdup_printf ("%s · %s", cs_log_entry_get_user_name (entry), cs_log_entry_get_title (entry));
  gtk_label_set_text (GTK_LABEL (self->title), title_text);

  update_duration (self);

  gtk_label_set_text (GTK_LABEL (self->detail), detail);
  gtk_widget_set_visible (self->detail, detail != NULL);

  a11y = g_strdup_printf ("%s %s. %s", time_text, title_text, detail != NULL ? detail : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
cs_event_log_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsEventLogRow *self = CS_EVENT_LOG_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_event_log_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CsEventLogRow *self = CS_EVENT_LOG_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      cs_event_log_row_set_entry (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_event_log_row_dispose (GObject *object)
{
  CsEventLogRow *self = CS_EVENT_LOG_ROW (object);
  GtkWidget *child;

  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->ongoing_id, self->entry);
      g_clear_signal_handler (&self->origin_id, self->entry);
    }
  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_EVENT_LOG_ROW);
  /* the children without an id too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cs_event_log_row_parent_class)->dispose (object);
}

static void
cs_event_log_row_class_init (CsEventLogRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cs_event_log_row_get_property;
  object_class->set_property = cs_event_log_row_set_property;
  object_class->dispose = cs_event_log_row_dispose;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, CS_TYPE_LOG_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "eventlogrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-event-log-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsEventLogRow, time);
  gtk_widget_class_bind_template_child (widget_class, CsEventLogRow, icon);
  gtk_widget_class_bind_template_child (widget_class, CsEventLogRow, title);
  gtk_widget_class_bind_template_child (widget_class, CsEventLogRow, duration);
  gtk_widget_class_bind_template_child (widget_class, CsEventLogRow, detail);
}

static void
cs_event_log_row_init (CsEventLogRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_event_log_row_new (void)
{
  return g_object_new (CS_TYPE_EVENT_LOG_ROW, NULL);
}

CsLogEntry *
cs_event_log_row_get_entry (CsEventLogRow *self)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG_ROW (self), NULL);
  return self->entry;
}

void
cs_event_log_row_set_entry (CsEventLogRow *self, CsLogEntry *entry)
{
  g_return_if_fail (CS_IS_EVENT_LOG_ROW (self));
  g_return_if_fail (entry == NULL || CS_IS_LOG_ENTRY (entry));

  if (self->entry == entry)
    return;
  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->ongoing_id, self->entry);
      g_clear_signal_handler (&self->origin_id, self->entry);
    }
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    {
      /* an exception's line changes when it recovers */
      self->ongoing_id = g_signal_connect (entry, "notify::ongoing", G_CALLBACK (ongoing_cb), self);
      /* and its time when the window switches between time of day and call time */
      self->origin_id = g_signal_connect_swapped (entry, "notify::origin", G_CALLBACK (show_entry), self);
      show_entry (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

const char *
cs_event_log_row_get_title (CsEventLogRow *self)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG_ROW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->title));
}

const char *
cs_event_log_row_get_time (CsEventLogRow *self)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG_ROW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->time));
}

const char *
cs_event_log_row_get_duration (CsEventLogRow *self)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG_ROW (self), NULL);
  return gtk_widget_get_visible (self->duration) ? gtk_label_get_text (GTK_LABEL (self->duration)) : NULL;
}
