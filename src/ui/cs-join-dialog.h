/* cs-join-dialog.h — the "Join a call" dialog: a Janus room, a WHIP or a WHEP endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-call-config.h"

G_BEGIN_DECLS

#define CS_TYPE_JOIN_DIALOG (cs_join_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CsJoinDialog, cs_join_dialog, CS, JOIN_DIALOG, AdwWindow)

/* (transfer none) a modal dialog over @parent (nullable); @settings (nullable) gives the recent
 * servers and the STUN/TURN servers. "Join" emits "join" (const CsCallConfig *config, valid
 * during the emission: the caller starts the call) and closes the dialog. */
CsJoinDialog *cs_join_dialog_new              (GtkWindow    *parent,
                                               GSettings    *settings);
/* CS_CALL_MODE_JANUS, CS_CALL_MODE_WHIP or CS_CALL_MODE_WHEP */
CsCallMode    cs_join_dialog_get_mode         (CsJoinDialog *self);
void          cs_join_dialog_set_mode         (CsJoinDialog *self,
                                               CsCallMode    mode);
/* Whether the form is complete and well-formed (the Join button is sensitive). */
gboolean      cs_join_dialog_is_valid         (CsJoinDialog *self);
/* Fills @config (initialised with cs_call_config_init) with what the form says; FALSE with a
 * message a user can act on when the form is not valid. */
gboolean      cs_join_dialog_build_config     (CsJoinDialog *self,
                                               CsCallConfig *config,
                                               GError      **error);

G_END_DECLS
