/* cs-call-file.c — any file Callscope opens, told apart by content (see cs-call-file.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-call-file.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-counting-input-stream.h"
#include "cs-dump-import.h"
#include "cs-error.h"
#include "cs-internals-dump.h"
#include "cs-rtcstats-dump.h"

/* what is looked at to tell the formats apart */
#define SNIFF_BYTES (16 * 1024)
#define CHUNK_SIZE  (256 * 1024)

typedef enum
{
  KIND_EMPTY,
  KIND_RECORDING,
  KIND_INTERNALS,
  KIND_RTCSTATS,
  KIND_RTCSTATS_LEGACY,
  KIND_OTHER_JSON,
  KIND_UNKNOWN,
} Kind;

/* A gzip stream that ends early or is damaged: say so in words. */
static void
explain_gzip_error (GError **error, gboolean gzipped)
{
  if (!gzipped || error == NULL || *error == NULL || (*error)->domain == CS_ERROR ||
      g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  {
    g_autofree char *cause = g_strdup ((*error)->message);

    g_clear_error (error);
    /* TRANSLATORS: %s is the decompressor's message */
    g_set_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                 _("The file is gzip-compressed, but its compressed data is damaged or cut short (%s)."), cause);
  }
}

/* Fills @buffered with up to SNIFF_BYTES (fewer at the end of the stream). */
static gboolean
fill_for_sniffing (GBufferedInputStream *buffered, GCancellable *cancellable, GError **error)
{
  while (g_buffered_input_stream_get_available (buffered) < SNIFF_BYTES)
    {
      gssize n = g_buffered_input_stream_fill (buffered, SNIFF_BYTES - g_buffered_input_stream_get_available (buffered),
                                               cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
    }
  return TRUE;
}

static gboolean
line_has (const char *line, gsize len, const char *needle)
{
  return g_strstr_len (line, len, needle) != NULL;
}

static Kind
sniff (const char *data, gsize len)
{
  const char *p = data, *end = data + len, *nl;
  gsize line_len;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p == end)
    return KIND_EMPTY;
  if ((gsize) (end - p) >= 12 && memcmp (p, "RTCStatsDump", 12) == 0)
    return KIND_RTCSTATS;
  if (*p == '[')
    return KIND_RTCSTATS_LEGACY;
  if (*p != '{')
    return KIND_UNKNOWN;
  nl = memchr (p, '\n', end - p);
  line_len = (nl != NULL ? nl : end) - p;
  /* Chrome writes its internals dump indented: "{" alone on the first line */
  if (line_has (p, line_len, "\"PeerConnections\"") || line_has (p, line_len, "\"getUserMedia\"") ||
      line_has (p, line_len, "\"UserAgent\""))
    return KIND_INTERNALS;
  if (line_has (p, line_len, "\"session\"") && line_has (p, line_len, "\"type\""))
    return KIND_RECORDING;
  if (line_has (p, line_len, "\"fileFormat\""))
    return KIND_RTCSTATS_LEGACY;
  {
    gsize i = 1;

    while (i < line_len && g_ascii_isspace (p[i]))
      i++;
    if (i == line_len || line_has (p, end - p, "\"PeerConnections\""))
      return KIND_INTERNALS;
  }
  return nl != NULL || len < SNIFF_BYTES ? KIND_OTHER_JSON : KIND_INTERNALS;
}

/* Reading a dump is this share of its import (parsing it is in the reading; the samples
 * and freeing the dump are the rest). */
#define DUMP_READ_SHARE 0.9

/* The caller's progress, from the count of the file's bytes read (below gzip). */
typedef struct
{
  CsRecordingReadProgress progress;
  gpointer                user_data;
  gboolean                on;
} Forward;

static void
forward_progress (goffset done, goffset total, gpointer data)
{
  Forward *f = data;

  if (f->on && f->progress != NULL && total > 0)
    f->progress ((goffset) (MIN (done, total) * DUMP_READ_SHARE), total, f->user_data);
}

/* The whole (decompressed) stream, at most CS_DUMP_MAX_BYTES. */
static GBytes *
read_all (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();

  for (;;)
    {
      guint old = data->len;
      gssize n;

      g_byte_array_set_size (data, old + CHUNK_SIZE);
      n = g_input_stream_read (stream, data->data + old, CHUNK_SIZE, cancellable, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (data, old + n);
      if (n == 0)
        break;
      if (data->len > CS_DUMP_MAX_BYTES)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                       /* TRANSLATORS: %u is a size in MiB */
                       _("The dump is larger than %u MiB once decompressed: it is not read."),
                       (guint) (CS_DUMP_MAX_BYTES / (1024 * 1024)));
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

CsRecordingReader *
cs_call_file_read (GFile                  *file,
                   GCancellable           *cancellable,
                   CsRecordingReadProgress progress,
                   gpointer                user_data,
                   CsRecordingReader     **partial,
                   GError                **error)
{
  g_autoptr (GFileInputStream) file_stream = NULL;
  g_autoptr (GInputStream) counted = NULL;
  g_autoptr (GInputStream) raw = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (CsDump) dump = NULL;
  g_autofree char *name = NULL;
  const char *head;
  gsize head_len;
  gboolean gzipped = FALSE;
  goffset size = 0;
  Forward forward = { progress, user_data, FALSE };
  Kind kind;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (partial == NULL || *partial == NULL, NULL);

  file_stream = g_file_read (file, cancellable, error);
  if (file_stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    size = g_file_info_get_size (info);
  name = g_file_get_basename (file);

  counted = cs_counting_input_stream_new (G_INPUT_STREAM (file_stream), size, forward_progress, &forward);
  raw = g_buffered_input_stream_new_sized (counted, SNIFF_BYTES);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (raw), 2, cancellable, error) < 0)
    return NULL;
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (raw), &head_len);
  if (head_len >= 2 && (guchar) head[0] == 0x1f && (guchar) head[1] == 0x8b)
    {
      g_autoptr (GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      g_autoptr (GInputStream) plain = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));

      gzipped = TRUE;
      stream = g_buffered_input_stream_new_sized (plain, SNIFF_BYTES);
    }
  else
    stream = g_object_ref (raw);
  if (!fill_for_sniffing (G_BUFFERED_INPUT_STREAM (stream), cancellable, error))
    {
      explain_gzip_error (error, gzipped);
      return NULL;
    }
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (stream), &head_len);
  kind = sniff (head, head_len);

  switch (kind)
    {
    case KIND_EMPTY:
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                           _("The file is empty: it is neither a Callscope recording nor a browser’s dump."));
      return NULL;
    case KIND_UNKNOWN:
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                           _("This file is neither a Callscope recording nor a browser’s dump (webrtc-internals or "
                             "RTCStats): it is not JSON text."));
      return NULL;
    case KIND_OTHER_JSON:
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                           _("This is JSON, but neither a Callscope recording (its first line would be the "
                             "session header) nor a webrtc-internals dump (it has no “PeerConnections”)."));
      return NULL;
    case KIND_RECORDING:
      {
        /* a plain recording's reader counts its own bytes; a gzipped one's are not the file's */
        CsRecordingReader *reader;

        forward.on = gzipped;
        reader = cs_recording_reader_read_stream (stream, size, cancellable, gzipped ? NULL : progress, user_data,
                                                  partial, error);

        explain_gzip_error (error, gzipped);
        return reader;
      }
    case KIND_INTERNALS:
      {
        g_autoptr (GBytes) bytes = NULL;
        const char *data;
        gsize len;

        forward.on = TRUE;
        bytes = read_all (stream, cancellable, error);

        if (bytes == NULL)
          {
            explain_gzip_error (error, gzipped);
            return NULL;
          }
        data = g_bytes_get_data (bytes, &len);
        dump = cs_internals_dump_parse (data, len, error);
        break;
      }
    case KIND_RTCSTATS:
    case KIND_RTCSTATS_LEGACY:
    default:
      forward.on = TRUE;
      dump = cs_rtcstats_dump_read (stream, cancellable, error);
      if (dump == NULL)
        explain_gzip_error (error, gzipped);
      break;
    }
  if (dump == NULL)
    return NULL;
  if (progress != NULL)
    progress (MAX (size, 1), MAX (size, 1), user_data);
  return cs_dump_import (dump, name, error);
}
