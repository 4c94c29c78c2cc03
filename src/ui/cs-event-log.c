/* cs-event-log.c — exceptions and recoveries, joins and leaves, connection events; filterable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "cs-event-log.h"
#include "cs-event-log-row.h"

struct _CsEventLog
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkWidget         *user_dropdown;
  GtkWidget         *kind_dropdown;
  GtkWidget         *list;       /* GtkListView: widgets only for the lines on screen */
  GtkSingleSelection *selection;
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
  double             origin;      /* the call's start, Unix seconds; NAN: call time */
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
update_placeholder (CsEventLog *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0 ? "list" : "empty");
}

/* a click, the keyboard or cs_event_log_select (); not a line moving as lines are added or filtered */
static void
selection_changed_cb (GtkSelectionModel *selection, guint position, guint n_items, CsEventLog *self)
{
  CsLogEntry *selected = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr (CsLogEntry) entry = selected != NULL ? g_object_ref (selected) : NULL;

  if (entry == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_EVENT_SELECTED], 0, cs_log_entry_get_t (entry), cs_log_entry_get_uid (entry));
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

  g_type_ensure (CS_TYPE_EVENT_LOG_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-event-log.ui");
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, box);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, user_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, user_names);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, list);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, selection);
  gtk_widget_class_bind_template_child (widget_class, CsEventLog, stack);
  gtk_widget_class_bind_template_callback (widget_class, dropdown_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
}

static void
cs_event_log_init (CsEventLog *self)
{
  self->filter_kind = -1;
  self->origin = NAN;
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->user_uids = g_ptr_array_new_with_free_func (g_free);
  self->store = g_list_store_new (CS_TYPE_LOG_ENTRY);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)), GTK_FILTER (self->filter));
  g_signal_connect (self->shown, "items-changed", G_CALLBACK (shown_changed_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->shown));
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
cs_event_log_set_time_origin (CsEventLog *self, double origin)
{
  guint n;

  g_return_if_fail (CS_IS_EVENT_LOG (self));
  if (self->origin == origin || (isnan (self->origin) && isnan (origin)))
    return;
  self->origin = origin;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      cs_log_entry_set_origin (entry, origin);
    }
  /* each row follows its entry's "origin" */
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
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list));
  gboolean at_top = adj == NULL || gtk_adjustment_get_value (adj) <= gtk_adjustment_get_lower (adj);

  ensure_user (self, cs_log_entry_get_uid (entry));
  cs_log_entry_set_origin (entry, self->origin);
  cs_log_entry_set_user_name (entry, name_for (self, cs_log_entry_get_uid (entry)));
  /* newest first: what just happened is what the user looks for */
  g_list_store_insert (self->store, 0, entry);
  /* The list view keeps the line at the top of the view where it is, so a new line would go
   * above it, out of sight: at the top, the view follows the new line, as a list box did;
   * scrolled down to older lines, it stays on them. */
  if (at_top && g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0)
    gtk_widget_activate_action (self->list, "list.scroll-to-item", "u", 0);
}

void
cs_event_log_add_exception (CsEventLog *self, const CsExceptionEvent *event)
{
  g_autofree char *key = NULL;
  g_autoptr (CsLogEntry) entry = NULL;
  g_autofree char *detailed = NULL;
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
  if (event->detail != NULL && describe != NULL)
    /* Translators: an exception's description and what it concerns, e.g. "Decoding received video failed (H.264)" */
    detailed = g_strdup_printf (_("%s (%s)"), describe, event->detail);
  entry = cs_log_entry_new (event->t, CS_LOG_KIND_EXCEPTION, event->uid, event->code,
                            name != NULL ? name : _("Exception"), detailed != NULL ? detailed : describe);
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
  g_return_if_fail (CS_IS_EVENT_LOG (self));
  if (i < g_list_model_get_n_items (G_LIST_MODEL (self->shown)))
    gtk_single_selection_set_selected (self->selection, i);
}
