/* ioc-labels.c — see ioc-labels.h */
#include "config.h"

#include "ioc-labels.h"

#include <glib/gi18n.h>

const char *
ioc_report_status_label (const char *s)
{
  if (g_strcmp0 (s, "received") == 0) return _("Received");
  if (g_strcmp0 (s, "assigned") == 0) return _("Assigned");
  if (g_strcmp0 (s, "forwarded") == 0) return _("Forwarded");
  if (g_strcmp0 (s, "processed") == 0) return _("Processed");
  if (g_strcmp0 (s, "overdue") == 0) return _("Overdue");
  if (g_strcmp0 (s, "not_eligible") == 0) return _("Not eligible");
  return s != NULL ? s : "";
}

void
ioc_report_status_colour (const char *s,
                          GdkRGBA    *out)
{
  const char *hex = "#4ea8ff";
  if (g_strcmp0 (s, "assigned") == 0 || g_strcmp0 (s, "forwarded") == 0) hex = "#b38cff";
  else if (g_strcmp0 (s, "overdue") == 0) hex = "#ff5c5c";
  else if (g_strcmp0 (s, "processed") == 0) hex = "#3fcf8e";
  else if (g_strcmp0 (s, "not_eligible") == 0) hex = "#6b7785";
  gdk_rgba_parse (out, hex);
}

const char *
ioc_camera_status_label (const char *s)
{
  if (g_strcmp0 (s, "online") == 0) return _("Online");
  if (g_strcmp0 (s, "offline") == 0) return _("Offline");
  return _("Not checked yet");
}

void
ioc_camera_status_colour (const char *s,
                          GdkRGBA    *out)
{
  gdk_rgba_parse (out, g_strcmp0 (s, "online") == 0 ? "#3fcf8e" :
                       g_strcmp0 (s, "offline") == 0 ? "#ff5c5c" : "#9aa7b4");
}

const char *
ioc_severity_label (const char *s)
{
  if (g_strcmp0 (s, "critical") == 0) return _("Critical");
  if (g_strcmp0 (s, "high") == 0) return _("High");
  if (g_strcmp0 (s, "medium") == 0) return _("Medium");
  if (g_strcmp0 (s, "low") == 0) return _("Low");
  if (g_strcmp0 (s, "info") == 0) return _("Information");
  return s != NULL ? s : "";
}

const char *
ioc_alert_category_label (const char *c)
{
  if (g_strcmp0 (c, "malware_c2") == 0) return _("Malware / C2");
  if (g_strcmp0 (c, "vulnerability") == 0) return _("Vulnerability");
  if (g_strcmp0 (c, "exploitation") == 0) return _("Exploitation attempt");
  if (g_strcmp0 (c, "anomalous_host") == 0) return _("Anomalous host");
  if (g_strcmp0 (c, "web_attack") == 0) return _("Web attack");
  if (g_strcmp0 (c, "ddos_l7") == 0) return _("Layer-7 DDoS");
  if (g_strcmp0 (c, "other") == 0) return _("Other");
  return c != NULL ? c : "";
}

const char *
ioc_alert_status_label (const char *s)
{
  if (g_strcmp0 (s, "new") == 0) return _("New");
  if (g_strcmp0 (s, "acknowledged") == 0) return _("Acknowledged");
  if (g_strcmp0 (s, "assigned") == 0) return _("Assigned");
  if (g_strcmp0 (s, "resolved") == 0) return _("Resolved");
  if (g_strcmp0 (s, "false_positive") == 0) return _("False positive");
  return s != NULL ? s : "";
}

const char *
ioc_ticket_status_label (const char *s)
{
  if (g_strcmp0 (s, "issued") == 0) return _("Issued");
  if (g_strcmp0 (s, "checked") == 0) return _("Checked");
  if (g_strcmp0 (s, "resolved") == 0) return _("Resolved");
  return s != NULL ? s : "";
}

const char *
ioc_ai_feature_label (const char *f)
{
  if (g_strcmp0 (f, "red_light") == 0) return _("red-light violations");
  if (g_strcmp0 (f, "crowd") == 0) return _("crowds");
  if (g_strcmp0 (f, "intrusion") == 0) return _("restricted-zone intrusion");
  if (g_strcmp0 (f, "congestion") == 0) return _("congestion");
  if (g_strcmp0 (f, "plate") == 0) return _("number plates");
  return f != NULL ? f : "";
}

const char *
ioc_camera_event_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "red_light") == 0) return _("Red-light violation");
  if (g_strcmp0 (kind, "crowd") == 0) return _("Crowd");
  if (g_strcmp0 (kind, "intrusion") == 0) return _("Restricted-zone intrusion");
  if (g_strcmp0 (kind, "congestion") == 0) return _("Traffic congestion");
  if (g_strcmp0 (kind, "plate") == 0) return _("Licence plate");
  return kind != NULL ? kind : "";
}

const char *
ioc_source_label (const char *s)
{
  /* Translators: short names of the data sources, shown side by side on
   * the status strip of every wall */
  if (g_strcmp0 (s, "field-reports") == 0) return C_("source", "Field reports");
  if (g_strcmp0 (s, "soc") == 0) return _("SOC");
  if (g_strcmp0 (s, "cameras") == 0) return _("Cameras");
  if (g_strcmp0 (s, "cameras-ai") == 0) return _("Camera AI");
  if (g_strcmp0 (s, "open311") == 0) return C_("source", "Field reports");
  if (g_strcmp0 (s, "camera-health") == 0) return _("Camera health");
  if (g_strcmp0 (s, "imports") == 0) return _("Imports");
  if (g_strcmp0 (s, "dossiers") == 0) return _("Dossiers");
  if (g_strcmp0 (s, "indicators") == 0) return _("Indicators");
  return s != NULL ? s : "";
}

GTimeZone *
ioc_province_time_zone (void)
{
  static GTimeZone *tz = NULL;

  if (g_once_init_enter (&tz))
    g_once_init_leave (&tz, g_time_zone_new_identifier ("+07:00"));
  return tz;
}

GDateTime *
ioc_province_now (void)
{
  return g_date_time_new_now (ioc_province_time_zone ());
}

/* @iso in the province's time with the translated @format. */
static char *
format_local (const char *iso,
              const char *format)
{
  GTimeZone *tz = ioc_province_time_zone ();
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, format);
}

char *
ioc_format_time (const char *iso)
{
  /* Translators: date and time format for lists, see g_date_time_format() */
  return format_local (iso, _("%d/%m/%Y %H:%M"));
}

char *
ioc_format_time_short (const char *iso)
{
  /* Translators: a short date and time for tables, see g_date_time_format() */
  return format_local (iso, _("%d/%m %H:%M"));
}

static void
ellipsized_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  button)
{
  GtkWidget *l = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  if (button != NULL)
    {
      /* The button takes the panel's width, not its longest choice's. */
      gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (l), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (l), 24);
    }
  gtk_list_item_set_child (item, l);
}

static void
ellipsized_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  data)
{
  GtkStringObject *s = gtk_list_item_get_item (item);
  GtkWidget *l = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (l), gtk_string_object_get_string (s));
  gtk_widget_set_tooltip_text (l, gtk_string_object_get_string (s));
}

GtkWidget *
ioc_action_button (const char *label,
                   const char *action,
                   GVariant   *target,
                   const char *tooltip)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), target);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (b, tooltip);
  return b;
}

void
ioc_drop_down_ellipsize (GtkDropDown *dropdown)
{
  GtkListItemFactory *button = gtk_signal_list_item_factory_new ();
  GtkListItemFactory *list = gtk_signal_list_item_factory_new ();

  /* The button ellipsises the choice: a long unit name does not widen
   * the panel; the popup shows names whole. */
  g_signal_connect (button, "setup", G_CALLBACK (ellipsized_setup), GINT_TO_POINTER (1));
  g_signal_connect (button, "bind", G_CALLBACK (ellipsized_bind), NULL);
  g_signal_connect (list, "setup", G_CALLBACK (ellipsized_setup), NULL);
  g_signal_connect (list, "bind", G_CALLBACK (ellipsized_bind), NULL);
  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
  g_object_unref (button);
  g_object_unref (list);
}
