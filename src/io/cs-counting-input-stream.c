/* cs-counting-input-stream.c — a stream that says how far its reader is (see cs-counting-input-stream.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-counting-input-stream.h"

struct _CsCountingInputStream
{
  GFilterInputStream parent_instance;

  goffset            done;
  goffset            total;
  CsCountingProgress progress;
  gpointer           user_data;
};

G_DEFINE_FINAL_TYPE (CsCountingInputStream, cs_counting_input_stream, G_TYPE_FILTER_INPUT_STREAM)

static gssize
cs_counting_input_stream_read (GInputStream *stream, void *buffer, gsize count, GCancellable *cancellable,
                               GError **error)
{
  CsCountingInputStream *self = CS_COUNTING_INPUT_STREAM (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize n = g_input_stream_read (base, buffer, count, cancellable, error);

  if (n > 0)
    {
      self->done += n;
      if (self->progress != NULL)
        self->progress (self->done, self->total, self->user_data);
    }
  return n;
}

static void
cs_counting_input_stream_class_init (CsCountingInputStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = cs_counting_input_stream_read;
}

static void
cs_counting_input_stream_init (CsCountingInputStream *self)
{
}

GInputStream *
cs_counting_input_stream_new (GInputStream *base, goffset total, CsCountingProgress progress, gpointer user_data)
{
  CsCountingInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  self = g_object_new (CS_TYPE_COUNTING_INPUT_STREAM, "base-stream", base, "close-base-stream", TRUE, NULL);
  self->total = total;
  self->progress = progress;
  self->user_data = user_data;
  return G_INPUT_STREAM (self);
}

goffset
cs_counting_input_stream_get_done (CsCountingInputStream *self)
{
  g_return_val_if_fail (CS_IS_COUNTING_INPUT_STREAM (self), 0);
  return self->done;
}
