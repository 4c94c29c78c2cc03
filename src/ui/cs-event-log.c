/* cs-event-log.c — exceptions and recoveries, joins and leaves, connection events; filterable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-chart-geometry.h"
#include "cs-event-log.h"

struct _CsEventLog
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkWidget         *user_dropdown;
  GtkWidget         *kind_dropdown;
  GtkWidget         *list;
  GtkWidget         *stack;
  GListStore        *store;       /* CsLogEntry */
  GtkCustomFilter   *filter;
  GtkFilterListModel *shown;
  GtkStringList     *user_names;  /* dropdown items; 0 = every user */
  GPtrArray         *user_uids;   /* parallel, from index 1 */
  GHashTable        *names;       /* uid -> display name */
  GHashTable        *open;        /* "uid/code" -> CsLogEntry (ongoing exceptions) */
  char              *filter_uid;
  int                filter_kind;
  gboolean           updating_dropdowns;
};

enum
{
  SIGNAL_EVENT_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CsEventLog, cs_event_log, GTK_TYPE_WIDGET)

static const char *
name_for (CsEventLog *self, const char *uid)
{
  const char *name = g_hash_table_lookup (self->names, uid);

  return name != NULL ? name : uid;
}

static gboolean
filter_func (gpointer item, gpointer user_data)
{
  CsEventLog *self = user_data;
  CsLogEntry *entry = item;

  if (self->filter_uid != NULL && g_strcmp0 (self->filter_uid, cs_log_entry_get_uid (entry)) != 0)
    return FALSE;
  if (self->filter_kind >= 0 && (int) cs_log_entry_get_kind (entry) != self->filter_kind)
    return FALSE;
  return TRUE;
}

static void
update_duration_label (CsLogEntry *entry, GParamSpec *pspec, GtkLabel *label)
{
  g_autofree char *text = NULL;

  if (cs_log_entry_get_kind (entry) != CS_LOG_KIND_EXCEPTION)
    {
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      return;
    }
  if (cs_log_entry_get_ongoing (entry))
    {
      gtk_label_set_text (label, _("ongoing"));
      gtk_widget_add_css_class (GTK_WIDGET (label), "ongoing");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (label), "ongoing");
  /* Translators: how long an exception lasted, e.g. "lasted 12 s" */
  text = g_strdup_printf (_("lasted %.0f s"), cs_log_entry_get_duration (entry));
  gtk_label_set_text (label, text);
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  CsEventLog *self = user_data;
  CsLogEntry *entry = item;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *time, *icon, *texts, *title_row, *title, *detail, *duration;
  g_autofree char *time_text = cs_chart_format_time (cs_log_entry_get_t (entry));
  g_autofree char *title_text = NULL;
  g_autofree char *a11y = NULL;
  const char *icon_name;

  switch (cs_log_entry_get_kind (entry))
    {
    case CS_LOG_KIND_EXCEPTION:
      icon_name = "dialog-warning-symbolic";
      break;
    case CS_LOG_KIND_PRESENCE:
      icon_name = "avatar-default-symbolic";
      break;
    case CS_LOG_KIND_CONNECTION:
    default:
      icon_name = "network-wired-symbolic";
      break;
    }
  if (cs_log_entry_get_code (entry) >= 3000 && cs_log_entry_get_code (entry) < 5000)
    icon_name = "emblem-ok-symbolic";
  if (cs_log_entry_get_code (entry) >= 7000)
    icon_name = "emblem-ok-symbolic";

  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 4);
  gtk_widget_set_margin_bottom (row, 4);

  time = gtk_label_new (time_text);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (time), 7);
  gtk_label_set_xalign (GTK_LABEL (time), 1);
  gtk_widget_set_valign (time, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (row), time);

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, icon_name[0] == 'e' ? "recovery" : icon_name[0] == 'd' ? "exception" : "info");
  gtk_box_append (GTK_BOX (row), icon);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (cs_log_entry_get_code (entry) != 0)
    title_text = g_strdup_printf ("%s · %s (%u)", name_for (self, cs_log_entry_get_uid (entry)),
                                  cs_log_entry_get_title (entry), cs_log_entry_get_code (entry));
  else
    title_text = g_strdup_printf ("%s · %s", name_for (self, cs_log_entry_get_uid (entry)),
                                  cs_log_entry_get_title (entry));
  title = gtk_label_new (title_text);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (title_row), title);
  duration = gtk_label_new (NULL);
  gtk_widget_add_css_class (duration, "caption");
  gtk_widget_add_css_class (duration, "duration");
  update_duration_label (entry, NULL, GTK_LABEL (duration));
  g_signal_connect_object (entry, "notify::ongoing", G_CALLBACK (update_duration_label), duration, 0);
  gtk_box_append (GTK_BOX (title_row), duration);
  gtk_box_append (GTK_BOX (texts), title_row);

  if (cs_log_entry_get_detail (entry) != NULL)
    {
      detail = gtk_label_new (cs_log_entry_get_detail (entry));
      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_widget_add_css_class (detail, "caption");
      gtk_box_append (GTK_BOX (texts), detail);
    }
  gtk_box_append (GTK_BOX (row), texts);

  a11y = g_strdup_printf ("%s %s. %s", time_text, title_text,
                          cs_log_entry_get_detail (entry) != NULL ? cs_log_entry_get_detail (entry) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data (G_OBJECT (row), "entry", entry);
  return row;
}

static void
update_placeholder (CsEventLog *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0 ? "list" : "empty");
}

static void
row_selected_cb (GtkListBox *list, GtkListBoxRow *row, CsEventLog *self)
{
  CsLogEntry *entry;

  if (row == NULL)
    return;
  entry = g_list_model_get_item (G_LIST_MODEL (self->shown), gtk_list_box_row_get_index (row));
  if (entry == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_EVENT_SELECTED], 0, cs_log_entry_get_t (entry), cs_log_entry_get_uid (entry));
  g_object_unref (entry);
}

static void
dropdown_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, CsEventLog *self)
{
  guint user = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->user_dropdown));
  guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
  const char *uid = NULL;

  if (self->updating_dropdowns)
    return;
  if (user != GTK_INVALID_LIST_POSITION && user > 0 && user - 1 < self->user_uids->len)
    uid = g_ptr_array_index (self->user_uids, user - 1);
  g_free (self->filter_uid);
  self->filter_uid = g_strdup (uid);
  self->filter_kind = (kind == GTK_INVALID_LIST_POSITION || kind == 0) ? -1 : (int) kind - 1;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_placeholder (self);
}

static void
shown_changed_cb (GListModel *model, guint position, guint removed, guint added, CsEventLog *self)
{
  update_placeholder (self);
}

static void
cs_event_log_dispose (GObject *object)
{
  CsEventLog *self = CS_EVENT_LOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_EVENT_LOG);
  g_clear_object (&self->shown);
  g_clear_object (&self->store);
  g_clear_pointer (&self->user_uids, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->open, g_hash_table_unref);
  G_OBJECT_CLASS (cs_event_log_parent_class)->dispose (object);
}

static void
cs_event_log_finalize (GObject *object)
{
  CsEventLog *self = CS_EVENT_LOG (object);

  g_free (self->filter_uid);
  G_OBJECT_CLASS (cs_event_log_parent_class)->finalize (object);
}

static void
cs_event_log_class_init (CsEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_event_log_dispose;
  object_class->finalize = cs_event_log_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventlog");

  signals[SIGNAL_EVENT_SELECTED] =
    g_signal_new ("event-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-event-log.ui");
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, box);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, user_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, user_names);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, list);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, stack);
  gtk_widget_class_bind_template_callback (widget_class, dropdown_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
cs_event_log_init (CsEventLog *self)
{
  self->filter_kind = -1;
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->user_uids = g_ptr_array_new_with_free_func (g_free);
  self->store = g_list_store_new (CS_TYPE_LOG_ENTRY);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)), GTK_FILTER (self->filter));
  g_signal_connect (self->shown, "items-changed", G_CALLBACK (shown_changed_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), G_LIST_MODEL (self->shown), create_row, self, NULL);
  update_placeholder (self);
}

GtkWidget *
cs_event_log_new (void)
{
  return g_object_new (CS_TYPE_EVENT_LOG, NULL);
}

void
cs_event_log_clear (CsEventLog *self)
{
  g_return_if_fail (CS_IS_EVENT_LOG (self));
  g_list_store_remove_all (self->store);
  g_hash_table_remove_all (self->open);
  g_hash_table_remove_all (self->names);
  self->updating_dropdowns = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->user_dropdown), 0);
  gtk_string_list_splice (self->user_names, 1, g_list_model_get_n_items (G_LIST_MODEL (self->user_names)) - 1, NULL);
  g_ptr_array_set_size (self->user_uids, 0);
  self->updating_dropdowns = FALSE;
  g_clear_pointer (&self->filter_uid, g_free);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  update_placeholder (self);
}

static void
ensure_user (CsEventLog *self, const char *uid)
{
  for (guint i = 0; i < self->user_uids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->user_uids, i), uid) == 0)
      return;
  g_ptr_array_add (self->user_uids, g_strdup (uid));
  gtk_string_list_append (self->user_names, name_for (self, uid));
}

void
cs_event_log_add_user_name (CsEventLog *self, const char *uid, const char *name)
{
  g_return_if_fail (CS_IS_EVENT_LOG (self));
  if (uid == NULL || name == NULL)
    return;
  g_hash_table_replace (self->names, g_strdup (uid), g_strdup (name));
}

static void
append (CsEventLog *self, CsLogEntry *entry)
{
  ensure_user (self, cs_log_entry_get_uid (entry));
  /* newest first: what just happened is what the user looks for */
  g_list_store_insert (self->store, 0, entry);
}

void
cs_event_log_add_exception (CsEventLog *self, const CsExceptionEvent *event)
{
  g_autofree char *key = NULL;
  g_autoptr (CsLogEntry) entry = NULL;
  const char *name, *describe;
  guint raise_code;

  g_return_if_fail (CS_IS_EVENT_LOG (self));
  g_return_if_fail (event != NULL);
  raise_code = event->is_recovery ? event->code - CS_EXCEPTION_RECOVERY_OFFSET : event->code;
  key = g_strdup_printf ("%s/%u", event->uid != NULL ? event->uid : "", raise_code);
  name = event->msg != NULL ? event->msg : cs_exception_code_name (event->code);
  describe = cs_exception_code_describe (event->code);

  if (event->is_recovery)
    {
      CsLogEntry *open = g_hash_table_lookup (self->open, key);

      if (open != NULL)
        {
          cs_log_entry_set_recovered (open, event->duration);
          g_hash_table_remove (self->open, key);
        }
      entry = cs_log_entry_new (event->t, CS_LOG_KIND_EXCEPTION, event->uid, event->code,
                                name != NULL ? name : _("Recovery"), describe);
      cs_log_entry_set_recovered (entry, event->duration);
      append (self, entry);
      return;
    }
  entry = cs_log_entry_new (event->t, CS_LOG_KIND_EXCEPTION, event->uid, event->code,
                            name != NULL ? name : _("Exception"), describe);
  g_hash_table_replace (self->open, g_steal_pointer (&key), g_object_ref (entry));
  append (self, entry);
}

void
cs_event_log_add_presence (CsEventLog *self, double t, const char *uid, gboolean joined)
{
  g_autoptr (CsLogEntry) entry = NULL;

  g_return_if_fail (CS_IS_EVENT_LOG (self));
  entry = cs_log_entry_new (t, CS_LOG_KIND_PRESENCE, uid, 0,
                            joined ? _("Joined the call") : _("Left the call"), NULL);
  append (self, entry);
}

void
cs_event_log_add_connection (CsEventLog *self, double t, const char *uid, const char *text)
{
  g_autoptr (CsLogEntry) entry = NULL;

  g_return_if_fail (CS_IS_EVENT_LOG (self));
  entry = cs_log_entry_new (t, CS_LOG_KIND_CONNECTION, uid, 0, text, NULL);
  append (self, entry);
}

void
cs_event_log_set_filter (CsEventLog *self, const char *uid, int kind)
{
  guint user_index = 0;

  g_return_if_fail (CS_IS_EVENT_LOG (self));
  for (guint i = 0; uid != NULL && i < self->user_uids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->user_uids, i), uid) == 0)
      user_index = i + 1;
  self->updating_dropdowns = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->user_dropdown), user_index);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), kind < 0 ? 0 : (guint) kind + 1);
  self->updating_dropdowns = FALSE;
  g_free (self->filter_uid);
  self->filter_uid = g_strdup (uid);
  self->filter_kind = kind;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_placeholder (self);
}

GListModel *
cs_event_log_get_shown (CsEventLog *self)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (self), NULL);
  return G_LIST_MODEL (self->shown);
}

GListModel *
cs_event_log_get_all (CsEventLog *self)
{
  g_return_val_if_fail (CS_IS_EVENT_LOG (self), NULL);
  return G_LIST_MODEL (self->store);
}

void
cs_event_log_select (CsEventLog *self, guint i)
{
  GtkListBoxRow *row;

  g_return_if_fail (CS_IS_EVENT_LOG (self));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), (int) i);
  if (row != NULL)
    gtk_list_box_select_row (GTK_LIST_BOX (self->list), row);
}
