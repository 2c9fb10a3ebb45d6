/* ioc-pin.h — a map marker drawn with the snapshot API: a dot for a field
 * report (coloured by status), a square with a view-direction tick for a
 * camera (coloured by online/offline). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IOC_TYPE_PIN (ioc_pin_get_type ())
G_DECLARE_FINAL_TYPE (IocPin, ioc_pin, IOC, PIN, GtkWidget)

typedef enum {
  IOC_PIN_REPORT,
  IOC_PIN_CAMERA,
} IocPinKind;

GtkWidget *ioc_pin_new         (IocPinKind     kind);
void       ioc_pin_set_colour  (IocPin        *self,
                                const GdkRGBA *colour);
/* Degrees clockwise from north; NAN for none. */
void       ioc_pin_set_heading (IocPin        *self,
                                double         heading);

G_END_DECLS
