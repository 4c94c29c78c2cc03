/* cs-connections-window.c — the connection view (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The groups of the selected connection are built again whenever something changes (the
 * model, the connection chosen, the anonymise switch): a connection has a few pairs and
 * descriptions, never enough for a list view to pay.
 */
#include "config.h"

#include "cs-connections-window.h"

#include <glib/gi18n.h>

#include "cs-chart-geometry.h"
#include "cs-sdp.h"

struct _CsConnectionsWindow
{
  AdwWindow      parent_instance;

  GListModel    *connections;
  CsConnectionInfo *watched;     /* the one shown: redrawn when it changes (a live call's) */
  gboolean       live;
  gboolean       anonymise;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  AdwComboRow   *connection_row;
  GtkSwitch     *anonymise_switch;
  GtkBox        *content_box;
};

G_DEFINE_FINAL_TYPE (CsConnectionsWindow, cs_connections_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CONNECTIONS,
  PROP_LIVE,
  PROP_ANONYMISE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- texts ------------------------------------------------------------------------- */

static gboolean
candidate_known (const CsCandidate *c)
{
  return c->type != CS_CANDIDATE_TYPE_UNKNOWN || c->address != NULL || c->protocol != NULL;
}

/* "host udp 192.168.1.4:54321 → relay udp 198.51.100.2:3478 (turn/udp)"; the pair's id
 * when the source did not say what its candidates are */
static char *
pair_title (const CsCandidatePair *pair, gboolean anonymise)
{
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;

  if (!candidate_known (&pair->local) && !candidate_known (&pair->remote))
    /* TRANSLATORS: %s is a candidate pair's id, e.g. "CPabcd1234_efgh5678" */
    return g_strdup_printf (_("Pair %s (its candidates are not in the dump)"), pair->id);
  local = candidate_known (&pair->local) ? cs_candidate_describe (&pair->local, anonymise) : g_strdup (_("unknown candidate"));
  remote = candidate_known (&pair->remote) ? cs_candidate_describe (&pair->remote, anonymise) : g_strdup (_("unknown candidate"));
  return g_strdup_printf ("%s → %s", local, remote);
}

static char *
pair_details (const CsCandidatePair *pair)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first = cs_chart_format_time (pair->first_seen);
  g_autofree char *last = cs_chart_format_time (pair->last_seen);
  g_autofree char *sent = g_format_size (pair->bytes_sent);
  g_autofree char *received = g_format_size (pair->bytes_received);

  /* the state as RTCStats writes it ("succeeded", "in-progress", …) */
  if (pair->state != NULL)
    g_ptr_array_add (parts, g_strdup (pair->state));
  if (pair->nominated)
    g_ptr_array_add (parts, g_strdup (_("nominated")));
  if (pair->rtt_ms >= 0)
    /* TRANSLATORS: %.0f is a round-trip time in milliseconds */
    g_ptr_array_add (parts, g_strdup_printf (_("RTT %.0f ms"), pair->rtt_ms));
  /* GStreamer 1.22 (a live call) reports none of them: not zeros */
  if (pair->state == NULL && pair->rtt_ms < 0 && pair->bytes_sent == 0 && pair->bytes_received == 0)
    g_ptr_array_add (parts, g_strdup (_("no state, RTT or byte counts reported")));
  else
    /* TRANSLATORS: amounts of data, e.g. "1.2 MB sent, 3.4 MB received" */
    g_ptr_array_add (parts, g_strdup_printf (_("%s sent, %s received"), sent, received));
  /* TRANSLATORS: times into the call, e.g. "seen 0:00–1:02" */
  g_ptr_array_add (parts, g_strdup_printf (_("seen %s–%s"), first, last));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static const char *
type_or_unknown (CsCandidateType type)
{
  return type != CS_CANDIDATE_TYPE_UNKNOWN ? cs_candidate_type_to_string (type) : "?";
}

static const char *
description_kind (const CsDescription *d)
{
  gboolean local = d->side == CS_DESCRIPTION_LOCAL;

  if (g_strcmp0 (d->type, "offer") == 0)
    return local ? _("Local offer") : _("Remote offer");
  if (g_strcmp0 (d->type, "answer") == 0)
    return local ? _("Local answer") : _("Remote answer");
  if (g_strcmp0 (d->type, "pranswer") == 0)
    return local ? _("Local provisional answer") : _("Remote provisional answer");
  if (g_strcmp0 (d->type, "rollback") == 0)
    return local ? _("Local rollback") : _("Remote rollback");
  return local ? _("Local description") : _("Remote description");
}

/* "video · mid 1 · recvonly · VP8, rtx, red" */
static char *
section_title (const CsSdpMedia *m)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) codecs = g_ptr_array_new ();

  g_ptr_array_add (parts, g_strdup (m->kind));
  if (m->mid != NULL)
    /* TRANSLATORS: an m-section's media id ("mid 1") */
    g_ptr_array_add (parts, g_strdup_printf (_("mid %s"), m->mid));
  if (m->direction != NULL)
    g_ptr_array_add (parts, g_strdup (m->direction));
  for (guint i = 0; i < m->codecs->len; i++)
    {
      char *codec = g_ptr_array_index (m->codecs, i);

      /* each name once: an offer has an rtx for every video codec */
      if (*codec != '\0' && !g_ptr_array_find_with_equal_func (codecs, codec, g_str_equal, NULL))
        g_ptr_array_add (codecs, codec);
    }
  if (codecs->len > 0)
    {
      g_ptr_array_add (codecs, NULL);
      g_ptr_array_add (parts, g_strjoinv (", ", (char **) codecs->pdata));
    }
  if (m->port == 0)
    g_ptr_array_add (parts, g_strdup (_("rejected")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* ---- widgets ----------------------------------------------------------------------- */

static GtkWidget *
text_row (const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
sdp_label (const char *text)
{
  g_autofree char *chomped = g_strchomp (g_strdup (text));
  GtkWidget *label = gtk_label_new (chomped);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_margin_start (label, 18);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  return label;
}

static GtkWidget *
new_group (const char *title, const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static GtkWidget *
pairs_group (CsConnectionsWindow *self, CsConnectionInfo *info)
{
  GtkWidget *group = new_group (_("Candidate Pairs"), _("Local candidate → remote candidate, as last reported"));
  GPtrArray *pairs = cs_connection_info_get_pairs (info);
  const char *selected = cs_connection_info_get_selected_pair_id (info);

  for (guint i = 0; i < pairs->len; i++)
    {
      const CsCandidatePair *pair = g_ptr_array_index (pairs, i);
      g_autofree char *title = pair_title (pair, self->anonymise);
      g_autofree char *details = pair_details (pair);
      GtkWidget *row = text_row (title, details);

      gtk_widget_set_tooltip_text (row, pair->id);
      if (g_strcmp0 (pair->id, selected) == 0)
        {
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
          GtkWidget *label = gtk_label_new (_("Selected"));

          gtk_widget_add_css_class (box, "success");
          gtk_box_append (GTK_BOX (box), icon);
          gtk_box_append (GTK_BOX (box), label);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (pairs->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), text_row (_("No candidate pair was reported"), NULL));
  return group;
}

static GtkWidget *
selected_group (CsConnectionsWindow *self, CsConnectionInfo *info)
{
  GtkWidget *group = new_group (_("Selected Pair over Time"), NULL);
  GArray *changes = cs_connection_info_get_selected (info);

  for (guint i = 0; i < changes->len; i++)
    {
      const CsSelectedPair *change = &g_array_index (changes, CsSelectedPair, i);
      const CsCandidatePair *pair = cs_connection_info_lookup_pair (info, change->pair_id);
      g_autofree char *time = cs_chart_format_time (change->t);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (change->pair_id == NULL)
        /* TRANSLATORS: "0:05 no pair selected" */
        title = g_strdup_printf (_("%s no pair selected"), time);
      else if (pair != NULL && (candidate_known (&pair->local) || candidate_known (&pair->remote)))
        {
          title = g_strdup_printf ("%s %s ↔ %s", time, type_or_unknown (pair->local.type), type_or_unknown (pair->remote.type));
          subtitle = pair_title (pair, self->anonymise);
        }
      else
        title = g_strdup_printf ("%s %s", time, change->pair_id);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), text_row (title, subtitle));
    }
  if (changes->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), text_row (_("Which pair was selected is not known"), NULL));
  return group;
}

static GtkWidget *
description_expander (CsConnectionsWindow *self, const CsDescription *d)
{
  g_autofree char *sdp_text = self->anonymise ? cs_anonymise_sdp (d->sdp) : g_strdup (d->sdp);
  g_autoptr (CsSdp) sdp = cs_sdp_parse (sdp_text);
  g_autofree char *time = cs_chart_format_time (d->t);
  g_autofree char *title = NULL;
  GtkWidget *expander, *box;
  guint n = sdp->media->len;

  /* TRANSLATORS: "Remote answer at 0:01 — 3 m-sections" */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s at %s — %u m-section", "%s at %s — %u m-sections", n),
                           description_kind (d), time, n);
  expander = gtk_expander_new (title);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_top (box, 6);
  for (guint i = 0; i < n; i++)
    {
      CsSdpMedia *m = g_ptr_array_index (sdp->media, i);
      g_autofree char *section = section_title (m);
      GtkWidget *child = gtk_expander_new (section);

      gtk_expander_set_child (GTK_EXPANDER (child), sdp_label (m->text != NULL ? m->text : ""));
      gtk_box_append (GTK_BOX (box), child);
    }
  if (n == 0)
    gtk_box_append (GTK_BOX (box), sdp_label (sdp_text));
  gtk_expander_set_child (GTK_EXPANDER (expander), box);
  return expander;
}

static GtkWidget *
descriptions_group (CsConnectionsWindow *self, CsConnectionInfo *info)
{
  GtkWidget *group = new_group (_("Offer and Answer"), _("The session descriptions set, in order"));
  GPtrArray *descriptions = cs_connection_info_get_descriptions (info);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  for (guint i = 0; i < descriptions->len; i++)
    gtk_box_append (GTK_BOX (box), description_expander (self, g_ptr_array_index (descriptions, i)));
  if (descriptions->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), text_row (_("No description was set"), NULL));
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  return group;
}

static void render (CsConnectionsWindow *self);

static void
watch (CsConnectionsWindow *self, CsConnectionInfo *info)
{
  if (self->watched == info)
    return;
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_set_object (&self->watched, info);
  if (info != NULL)
    g_signal_connect_object (info, "changed", G_CALLBACK (render), self, G_CONNECT_SWAPPED);
}

static void
render (CsConnectionsWindow *self)
{
  CsConnectionInfo *info = cs_connections_window_get_selected (self);
  guint n = self->connections != NULL ? g_list_model_get_n_items (self->connections) : 0;
  GtkWidget *child;

  watch (self, info);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_box))) != NULL)
    gtk_box_remove (self->content_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_row), n > 1);
  if (info == NULL || cs_connection_info_is_empty (info))
    {
      adw_status_page_set_title (self->empty_page, self->live ? _("No connection yet")
                                                               : _("This recording has no connection details"));
      adw_status_page_set_description (self->empty_page, self->live
        ? _("The candidate pairs and the descriptions appear with the call’s first statistics.")
        : _("Candidate pairs and session descriptions come with imported browser dumps (webrtc-internals, RTCStats)."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_box_append (self->content_box, pairs_group (self, info));
  gtk_box_append (self->content_box, selected_group (self, info));
  gtk_box_append (self->content_box, descriptions_group (self, info));
  gtk_stack_set_visible_child_name (self->stack, "connection");
}

/* ---- the class --------------------------------------------------------------------- */

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, CsConnectionsWindow *self)
{
  render (self);
}

static void
on_selected (CsConnectionsWindow *self)
{
  render (self);
}

static void
cs_connections_window_constructed (GObject *object)
{
  CsConnectionsWindow *self = CS_CONNECTIONS_WINDOW (object);

  G_OBJECT_CLASS (cs_connections_window_parent_class)->constructed (object);
  adw_combo_row_set_expression (self->connection_row,
                                gtk_property_expression_new (CS_TYPE_CONNECTION_INFO, NULL, "label"));
  adw_combo_row_set_model (self->connection_row, self->connections);
  if (self->connections != NULL)
    g_signal_connect_object (self->connections, "items-changed", G_CALLBACK (on_items_changed), self, 0);
  g_signal_connect_object (self->connection_row, "notify::selected", G_CALLBACK (on_selected), self, G_CONNECT_SWAPPED);
  render (self);
}

static void
cs_connections_window_dispose (GObject *object)
{
  CsConnectionsWindow *self = CS_CONNECTIONS_WINDOW (object);

  if (self->connections != NULL)
    g_signal_handlers_disconnect_by_data (self->connections, self);
  g_clear_object (&self->connections);
  watch (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_CONNECTIONS_WINDOW);
  G_OBJECT_CLASS (cs_connections_window_parent_class)->dispose (object);
}

static void
cs_connections_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsConnectionsWindow *self = CS_CONNECTIONS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_ANONYMISE:
      g_value_set_boolean (value, self->anonymise);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connections_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CsConnectionsWindow *self = CS_CONNECTIONS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTIONS:
      g_set_object (&self->connections, g_value_get_object (value));
      break;
    case PROP_LIVE:
      self->live = g_value_get_boolean (value);
      break;
    case PROP_ANONYMISE:
      cs_connections_window_set_anonymise (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connections_window_class_init (CsConnectionsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cs_connections_window_constructed;
  object_class->dispose = cs_connections_window_dispose;
  object_class->get_property = cs_connections_window_get_property;
  object_class->set_property = cs_connections_window_set_property;

  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANONYMISE] =
    g_param_spec_boolean ("anonymise", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-connections-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsWindow, connection_row);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsWindow, anonymise_switch);
  gtk_widget_class_bind_template_child (widget_class, CsConnectionsWindow, content_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_connections_window_init (CsConnectionsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "anonymise", self->anonymise_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

GtkWidget *
cs_connections_window_new (GtkWindow *parent, GListModel *connections, gboolean live)
{
  g_return_val_if_fail (connections == NULL || G_IS_LIST_MODEL (connections), NULL);
  return g_object_new (CS_TYPE_CONNECTIONS_WINDOW, "transient-for", parent, "connections", connections,
                       "live", live, NULL);
}

void
cs_connections_window_set_anonymise (CsConnectionsWindow *self, gboolean anonymise)
{
  g_return_if_fail (CS_IS_CONNECTIONS_WINDOW (self));
  anonymise = !!anonymise;
  if (self->anonymise == anonymise)
    return;
  self->anonymise = anonymise;
  if (self->connections != NULL)   /* not while constructing */
    render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANONYMISE]);
}

gboolean
cs_connections_window_get_anonymise (CsConnectionsWindow *self)
{
  g_return_val_if_fail (CS_IS_CONNECTIONS_WINDOW (self), FALSE);
  return self->anonymise;
}

void
cs_connections_window_select (CsConnectionsWindow *self, guint position)
{
  g_return_if_fail (CS_IS_CONNECTIONS_WINDOW (self));
  adw_combo_row_set_selected (self->connection_row, position);
}

CsConnectionInfo *
cs_connections_window_get_selected (CsConnectionsWindow *self)
{
  g_return_val_if_fail (CS_IS_CONNECTIONS_WINDOW (self), NULL);
  return self->connections != NULL ? adw_combo_row_get_selected_item (self->connection_row) : NULL;
}
