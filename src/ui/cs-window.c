/* cs-window.c — placeholder until the dashboard lands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-window.h"

struct _CsWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

static void
cs_window_class_init (CsWindowClass *klass)
{
}

static void
cs_window_init (CsWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Call"));
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), box);
  gtk_window_set_title (GTK_WINDOW (self), _("Callscope"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);
}

CsWindow *
cs_window_new (AdwApplication *app)
{
  return g_object_new (CS_TYPE_WINDOW, "application", app, NULL);
}

void
cs_window_start_call (CsWindow *self, const CsCallConfig *config)
{
}

void
cs_window_open_recording (CsWindow *self, GFile *file)
{
}

void
cs_window_install_accels (GtkApplication *app)
{
}
