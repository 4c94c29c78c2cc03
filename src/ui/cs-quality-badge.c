/* cs-quality-badge.c — an uplink or downlink quality score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colour alone never carries the score: the badge shows an arrow for the link, a signal
 * icon whose bars stand for the score, the number and the word. The colours (style.css,
 * .quality-0 … .quality-6) follow the Okabe–Ito palette, told apart by colour-blind users.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-quality-badge.h"

struct _CsQualityBadge
{
  GtkWidget  parent_instance;

  CsLink     link;
  guint      score;
  char      *reason;   /* as shown, to skip a score that did not change */
  GtkWidget *box;
  GtkWidget *arrow;
  GtkWidget *icon;
  GtkWidget *label;
  char      *text;
};

G_DEFINE_FINAL_TYPE (CsQualityBadge, cs_quality_badge, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (CsLink, cs_link,
                    G_DEFINE_ENUM_VALUE (CS_LINK_UPLINK, "uplink"),
                    G_DEFINE_ENUM_VALUE (CS_LINK_DOWNLINK, "downlink"))

enum
{
  PROP_0,
  PROP_LINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cs_quality_score_icon_name (guint score)
{
  static const char *icons[] = {
    "network-cellular-acquiring-symbolic",       /* 0 unknown */
    "network-cellular-signal-excellent-symbolic", /* 1 */
    "network-cellular-signal-good-symbolic",      /* 2 */
    "network-cellular-signal-ok-symbolic",        /* 3 */
    "network-cellular-signal-weak-symbolic",      /* 4 */
    "network-cellular-signal-none-symbolic",      /* 5 */
    "network-cellular-offline-symbolic",          /* 6 */
  };

  return icons[MIN (score, 6)];
}

static void
cs_quality_badge_dispose (GObject *object)
{
  CsQualityBadge *self = CS_QUALITY_BADGE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (cs_quality_badge_parent_class)->dispose (object);
}

static void
cs_quality_badge_finalize (GObject *object)
{
  CsQualityBadge *self = CS_QUALITY_BADGE (object);

  g_free (self->text);
  g_free (self->reason);
  G_OBJECT_CLASS (cs_quality_badge_parent_class)->finalize (object);
}

static void
cs_quality_badge_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsQualityBadge *self = CS_QUALITY_BADGE (object);

  switch (prop_id)
    {
    case PROP_LINK:
      g_value_set_enum (value, self->link);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_quality_badge_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CsQualityBadge *self = CS_QUALITY_BADGE (object);

  switch (prop_id)
    {
    case PROP_LINK:
      self->link = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_quality_badge_constructed (GObject *object)
{
  CsQualityBadge *self = CS_QUALITY_BADGE (object);

  G_OBJECT_CLASS (cs_quality_badge_parent_class)->constructed (object);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->arrow),
                                self->link == CS_LINK_UPLINK ? "go-up-symbolic" : "go-down-symbolic");
  cs_quality_badge_set_score (self, 0, NULL);
}

static void
cs_quality_badge_class_init (CsQualityBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_quality_badge_dispose;
  object_class->finalize = cs_quality_badge_finalize;
  object_class->get_property = cs_quality_badge_get_property;
  object_class->set_property = cs_quality_badge_set_property;
  object_class->constructed = cs_quality_badge_constructed;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "qualitybadge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);

  /* the link a badge is for, set once ("link" in a template: "uplink" or "downlink") */
  properties[PROP_LINK] = g_param_spec_enum ("link", NULL, NULL, CS_TYPE_LINK, CS_LINK_UPLINK,
                                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_quality_badge_init (CsQualityBadge *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->arrow = gtk_image_new ();
  self->icon = gtk_image_new ();
  self->label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (self->box), self->arrow);
  gtk_box_append (GTK_BOX (self->box), self->icon);
  gtk_box_append (GTK_BOX (self->box), self->label);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->score = G_MAXUINT;
}

GtkWidget *
cs_quality_badge_new (CsLink link)
{
  return g_object_new (CS_TYPE_QUALITY_BADGE, "link", link, NULL);
}

void
cs_quality_badge_set_score (CsQualityBadge *self, guint score, const char *reason)
{
  const char *link_name;
  g_autofree char *css = NULL;
  g_autofree char *description = NULL;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (CS_IS_QUALITY_BADGE (self));
  score = MIN (score, 6);
  if (score == self->score && g_strcmp0 (reason, self->reason) == 0)
    return;   /* what is shown already */
  g_free (self->reason);
  self->reason = g_strdup (reason);
  link_name = self->link == CS_LINK_UPLINK ? _("Uplink") : _("Downlink");

  if (score != self->score)
    {
      if (self->score != G_MAXUINT)
        {
          g_autofree char *old = g_strdup_printf ("quality-%u", self->score);
          gtk_widget_remove_css_class (GTK_WIDGET (self), old);
        }
      css = g_strdup_printf ("quality-%u", score);
      gtk_widget_add_css_class (GTK_WIDGET (self), css);
      self->score = score;
      gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), cs_quality_score_icon_name (score));
    }

  g_free (self->text);
  if (score == 0)
    self->text = g_strdup (cs_quality_score_label (0));
  else
    self->text = g_strdup_printf ("%u %s", score, cs_quality_score_label (score));
  gtk_label_set_text (GTK_LABEL (self->label), self->text);

  /* Translators: "Uplink: 4 Bad" */
  description = g_strdup_printf (_("%s: %s"), link_name, self->text);
  if (reason != NULL && *reason != '\0')
    tooltip = g_strdup_printf ("%s — %s", description, reason);
  else
    tooltip = g_strdup (description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, link_name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

guint
cs_quality_badge_get_score (CsQualityBadge *self)
{
  g_return_val_if_fail (CS_IS_QUALITY_BADGE (self), 0);
  return self->score;
}

const char *
cs_quality_badge_get_text (CsQualityBadge *self)
{
  g_return_val_if_fail (CS_IS_QUALITY_BADGE (self), NULL);
  return self->text;
}
