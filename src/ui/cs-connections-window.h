/* cs-connections-window.h — the connection view: candidate pairs, the selected pair over time, offer and answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-connection-info.h"

G_BEGIN_DECLS

#define CS_TYPE_CONNECTIONS_WINDOW (cs_connections_window_get_type ())
G_DECLARE_FINAL_TYPE (CsConnectionsWindow, cs_connections_window, CS, CONNECTIONS_WINDOW, AdwWindow)

/* @connections: a GListModel of CsConnectionInfo (the controller's), followed as it changes;
 * @live: a call is in progress (the empty state then says "No connection yet"). */
GtkWidget *cs_connections_window_new           (GtkWindow  *parent,
                                                GListModel *connections,
                                                gboolean    live);
/* "anonymise" (boolean): addresses shown as cs_anonymise_address() writes them. */
void       cs_connections_window_set_anonymise (CsConnectionsWindow *self, gboolean anonymise);
gboolean   cs_connections_window_get_anonymise (CsConnectionsWindow *self);
/* Shows the connection at @position of the model. */
void       cs_connections_window_select        (CsConnectionsWindow *self, guint position);
/* (nullable) (transfer none) the connection shown */
CsConnectionInfo *cs_connections_window_get_selected (CsConnectionsWindow *self);

G_END_DECLS
