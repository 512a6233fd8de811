/* bansou-tls-database.c — a trust database that hands every question to
 * another one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Bansō developers
 *
 * libsoup 3.2 makes each client connection without a database and sets
 * the session's afterwards, so glib-networking 2.74 first gives the
 * connection GIO's default (system) database, and builds the
 * connection's GnuTLS credentials from it: the system's whole CA bundle,
 * parsed again for every connection (~10 ms of CPU, a tenth of a push;
 * docs/deploy.md, "Connections"). glib-networking builds credentials only
 * from its own databases; a connection whose database is another kind of
 * GTlsDatabase gets empty credentials and verifies the server's chain by
 * asking the database, as it does anyway. This one is such a database: it
 * holds the real one (parsed once) and forwards each question unchanged.
 */

#define G_LOG_DOMAIN "bansou-sync"

#include "config.h"

#include "bansou-tls-database.h"

struct _BansouTlsDatabase
{
  GTlsDatabase  parent_instance;
  GTlsDatabase *inner;
};

G_DEFINE_FINAL_TYPE (BansouTlsDatabase, bansou_tls_database, G_TYPE_TLS_DATABASE)

static GTlsCertificateFlags
bansou_tls_database_verify_chain (GTlsDatabase             *database,
                                  GTlsCertificate          *chain,
                                  const gchar              *purpose,
                                  GSocketConnectable       *identity,
                                  GTlsInteraction          *interaction,
                                  GTlsDatabaseVerifyFlags   flags,
                                  GCancellable             *cancellable,
                                  GError                  **error)
{
  BansouTlsDatabase *self = BANSOU_TLS_DATABASE (database);

  return g_tls_database_verify_chain (self->inner, chain, purpose, identity, interaction, flags, cancellable, error);
}

static gchar *
bansou_tls_database_create_certificate_handle (GTlsDatabase    *database,
                                               GTlsCertificate *certificate)
{
  BansouTlsDatabase *self = BANSOU_TLS_DATABASE (database);

  return g_tls_database_create_certificate_handle (self->inner, certificate);
}

static GTlsCertificate *
bansou_tls_database_lookup_certificate_for_handle (GTlsDatabase             *database,
                                                   const gchar              *handle,
                                                   GTlsInteraction          *interaction,
                                                   GTlsDatabaseLookupFlags   flags,
                                                   GCancellable             *cancellable,
                                                   GError                  **error)
{
  BansouTlsDatabase *self = BANSOU_TLS_DATABASE (database);

  return g_tls_database_lookup_certificate_for_handle (self->inner, handle, interaction, flags, cancellable, error);
}

static GTlsCertificate *
bansou_tls_database_lookup_certificate_issuer (GTlsDatabase             *database,
                                               GTlsCertificate          *certificate,
                                               GTlsInteraction          *interaction,
                                               GTlsDatabaseLookupFlags   flags,
                                               GCancellable             *cancellable,
                                               GError                  **error)
{
  BansouTlsDatabase *self = BANSOU_TLS_DATABASE (database);

  return g_tls_database_lookup_certificate_issuer (self->inner, certificate, interaction, flags, cancellable, error);
}

static GList *
bansou_tls_database_lookup_certificates_issued_by (GTlsDatabase             *database,
                                                   GByteArray               *issuer_raw_dn,
                                                   GTlsInteraction          *interaction,
                                                   GTlsDatabaseLookupFlags   flags,
                                                   GCancellable             *cancellable,
                                                   GError                  **error)
{
  BansouTlsDatabase *self = BANSOU_TLS_DATABASE (database);

  return g_tls_database_lookup_certificates_issued_by (self->inner, issuer_raw_dn, interaction, flags, cancellable,
                                                       error);
}

static void
bansou_tls_database_finalize (GObject *object)
{
  BansouTlsDatabase *self = BANSOU_TLS_DATABASE (object);

  g_clear_object (&self->inner);
  G_OBJECT_CLASS (bansou_tls_database_parent_class)->finalize (object);
}

static void
bansou_tls_database_class_init (BansouTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = bansou_tls_database_finalize;
  /* The asynchronous forms are GTlsDatabase's own: these, in a thread. */
  database_class->verify_chain = bansou_tls_database_verify_chain;
  database_class->create_certificate_handle = bansou_tls_database_create_certificate_handle;
  database_class->lookup_certificate_for_handle = bansou_tls_database_lookup_certificate_for_handle;
  database_class->lookup_certificate_issuer = bansou_tls_database_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = bansou_tls_database_lookup_certificates_issued_by;
}

static void
bansou_tls_database_init (BansouTlsDatabase *self)
{
}

/**
 * bansou_tls_database_new:
 * @inner: (transfer none): the database that answers
 *
 * Returns: (transfer full): a database that forwards every question to @inner
 */
GTlsDatabase *
bansou_tls_database_new (GTlsDatabase *inner)
{
  BansouTlsDatabase *self;

  g_return_val_if_fail (G_IS_TLS_DATABASE (inner), NULL);

  self = g_object_new (BANSOU_TYPE_TLS_DATABASE, NULL);
  self->inner = g_object_ref (inner);
  return G_TLS_DATABASE (self);
}
