/* bansou-conflict-util.c — the fields of a sync conflict, for showing and merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * A conflict carries two records as JSON (bansou-sync.h): the local one,
 * {"status", "done_on", "note", "evidence"} for an answer or {"state",
 * "assignee", "due"} for progress, and the server's record of the API.
 * The 同期 page compares them field by field and the merge dialog edits
 * them field by field: both read the fields from here, and here from the
 * record's kind (bansou-survey-kinds.c for answers and progress).
 */
#define G_LOG_DOMAIN "bansou-conflict"

#include "config.h"

#include <glib/gi18n.h>

#include "bansou-conflict-util.h"
#include "bansou-ui-util.h"

/**
 * bansou_conflict_get_fields:
 * @type: a record kind: "answer" or "progress"
 *
 * Returns: (array length=n_fields): the fields a user compares and picks
 */
const BansouConflictField *
bansou_conflict_get_fields (const char *type,
                            guint      *n_fields)
{
  g_return_val_if_fail (n_fields != NULL, NULL);

  return bansou_sync_get_conflict_fields (type, n_fields);
}

/**
 * bansou_conflict_parse_record:
 * @json: (nullable): a record as JSON, or "null"
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when there is
 *   no record (the server has none) or it cannot be read
 */
JsonObject *
bansou_conflict_parse_record (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (json == NULL || *json == '\0')
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/**
 * bansou_conflict_dup_value:
 * @record: (nullable): a record
 *
 * Returns: (transfer full) (nullable): the member as a string; %NULL when
 *   it is null or missing. Numbers come out as digits.
 */
char *
bansou_conflict_dup_value (JsonObject *record,
                           const char *key)
{
  JsonNode *node;

  if (record == NULL || !(node = json_object_get_member (record, key)) || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

/* null, missing and "" are the same: an empty field */
gboolean
bansou_conflict_values_equal (JsonObject *a,
                              JsonObject *b,
                              const char *key)
{
  g_autofree char *x = bansou_conflict_dup_value (a, key);
  g_autofree char *y = bansou_conflict_dup_value (b, key);

  return g_strcmp0 (x && *x ? x : NULL, y && *y ? y : NULL) == 0;
}

/**
 * bansou_conflict_format_value:
 * @value: (nullable): the raw value
 *
 * Returns: (transfer full): what a person reads: the status's label, a
 *   和暦 date in a Japanese session, or "—" for an empty field
 */
char *
bansou_conflict_format_value (const BansouConflictField *field,
                              const char                *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  switch (field->kind)
    {
    case BANSOU_FIELD_STATUS:
      {
        BansouStatus status = bansou_status_from_string (value);

        if (status == BANSOU_N_STATUSES)
          return g_strdup (value);
        return g_strdup (bansou_status_get_label (status));
      }
    case BANSOU_FIELD_PROGRESS:
      {
        BansouProgress state = bansou_progress_from_string (value ? value : "not_started");

        if (state == BANSOU_N_PROGRESS)
          return g_strdup (value);
        return g_strdup (bansou_progress_get_label (state));
      }
    case BANSOU_FIELD_DATE:
      if (value == NULL || *value == '\0')
        return g_strdup ("—");
      return bansou_ui_format_date (value);
    case BANSOU_FIELD_LINE:
    case BANSOU_FIELD_TEXT:
    default:
      return g_strdup (value && *value ? value : "—");
    }
}

/**
 * bansou_conflict_format_time:
 * @iso: (nullable): an ISO 8601 time, as the server and the sync write it (UTC)
 *
 * Returns: (transfer full): the local date and time, "" for none
 */
char *
bansou_conflict_format_time (const char *iso)
{
  g_autoptr(GTimeZone) utc_zone = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("");

  utc_zone = g_time_zone_new_utc ();
  utc = g_date_time_new_from_iso8601 (iso, utc_zone);
  if (utc == NULL)
    return g_strdup (iso);

  local = g_date_time_to_local (utc);
  date = g_date_time_format (local, "%Y-%m-%d");
  time = g_date_time_format (local, "%H:%M");
  if (bansou_prefers_japanese ())
    {
      g_autofree char *wareki = bansou_ui_format_date (date);
      return g_strdup_printf ("%s %s", wareki, time);
    }
  return g_strdup_printf ("%s %s", date, time);
}
