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
  GtkWidget *box;
  GtkWidget *arrow;
  GtkWidget *icon;
  GtkWidget *label;
  char      *text;
};

G_DEFINE_FINAL_TYPE (CsQualityBadge, cs_quality_badge, GTK_TYPE_WIDGET)

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
  G_OBJECT_CLASS (cs_quality_badge_parent_class)->finalize (object);
}

static void
cs_quality_badge_class_init (CsQualityBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_quality_badge_dispose;
  object_class->finalize = cs_quality_badge_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "qualitybadge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
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
  CsQualityBadge *self = g_object_new (CS_TYPE_QUALITY_BADGE, NULL);

  self->link = link;
  gtk_image_set_from_icon_name (GTK_IMAGE (self->arrow),
                                link == CS_LINK_UPLINK ? "go-up-symbolic" : "go-down-symbolic");
  cs_quality_badge_set_score (self, 0, NULL);
  return GTK_WIDGET (self);
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
