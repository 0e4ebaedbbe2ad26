// `kmip help TOPIC`: man-page-like pages on what the commands' --help cannot hold — the
// configuration files and where the server keeps its state, operation policies, SLUGS.

export interface HelpTopic {
  readonly name: string;
  readonly summary: string;
  readonly text: string;
}

const CONFIG = `CONFIGURATION FILES

The kmip command (client)
  kmip reads the [client] section (--section NAME for another) of these files, as PyKMIP's
  client does, a later file overriding the keys of an earlier one:
      ~/.pykmip/pykmip.conf
      /etc/pykmip/pykmip.conf
  --config FILE reads FILE instead. Options (--host, --port, --cert, --key, --ca,
  --kmip-version) override the files. Keys:
      host          server name or address; several, comma-separated, are tried in turn
      port          5696 by default
      certfile      client certificate (PEM) - the server takes your identity from its CN
      keyfile       its private key (PEM)
      ca_certs      the CA certificate(s) the server certificate must chain to
      cert_reqs     CERT_REQUIRED (default), CERT_OPTIONAL or CERT_NONE
      ssl_version   PROTOCOL_TLS (negotiate) or a pinned version such as PROTOCOL_TLSv1_2
      timeout       seconds per request (30)
      username, password   a Credential sent in every request header
      kmip_version  e.g. 1.4 or 2.1 (default: the newest both sides speak)
      check_hostname  True to check the server certificate's names
  With no file found, kmip says so and connects to 127.0.0.1:5696 without a certificate.
  For the server's demo certificates, write the file with:
      kmip-server --write-client-config            (~/.pykmip/pykmip.conf)
      kmip-server --write-client-config FILE [--force]

The server (kmip-server)
  kmip-server reads the [server] section of -f FILE, else $KMIP_SERVER_CONFIG, else
  /etc/pykmip/server.conf (which may be missing: every setting has a default). pykmip-server's
  keys: hostname, port, certificate_path, key_path, ca_path, auth_suite, policy_path,
  enable_tls_client_auth, tls_cipher_suites, logging_level, database_path. Ours: data_dir,
  database_url, workers, master_key_file, max_message_size, max_connections, idle_timeout,
  handshake_timeout, request_timeout, audit_log, master_key_pkcs11 (and _slot, _token_label,
  _pin, _label). Flags override the file; 'kmip-server --help' lists them.

Where the server keeps its state
  One directory holds the master key (master.key), the demo certificates (certs/) and the
  SQLite database (kmip.sqlite). It is:
      data_dir (--data-dir, KMIP_DATA_DIR) when set;
      else the directory of database_path (-d) when that is set;
      else ./data when it already holds an earlier installation (master.key or kmip.sqlite);
      else $XDG_DATA_HOME/kmip-ts (~/.local/share/kmip-ts).
  master_key_file (or KMIP_MASTER_KEY, 64 hex digits) and database_path / database_url put
  those elsewhere. A master key is made only for a database that does not exist yet: the server
  will not start a database with a key that cannot open it. At start-up the server says which
  configuration file, database, master key and certificates it uses.

Environment
  KMIP_SERVER_CONFIG, KMIP_DATA_DIR, KMIP_DATABASE_URL, KMIP_MASTER_KEY, KMIP_MASTER_KEY_FILE,
  KMIP_PKCS11_PIN (server); HOME (where kmip looks for ~/.pykmip).
`;

const POLICIES = `OPERATION POLICIES

Who may do what to an object is decided by the operation policy the object names in its
Operation Policy Name attribute ("default" when the creator gives none), as in pykmip-server.

Built-in policies (reserved names)
  default   the owner (the identity that created or registered the object) may do everything;
            nobody else sees the object
  public    everyone may read (Get, Get Attributes, Locate …); only the owner may change it

Policy files
  policy_path (server.conf, or -o DIR) names a directory; every *.json file directly in it is
  read, and re-read while the server runs when it changes. A file is a JSON object of policies:
      {
        "team-keys": {
          "preset": {
            "SYMMETRIC_KEY": { "GET": "ALLOW_ALL", "DESTROY": "ALLOW_OWNER" }
          },
          "groups": {
            "admins": { "SYMMETRIC_KEY": { "GET": "ALLOW_ALL", "DESTROY": "ALLOW_ALL" } }
          }
        }
      }
  Object types and operations are PyKMIP's names (SYMMETRIC_KEY, PRIVATE_KEY, CERTIFICATE …;
  GET, LOCATE, ENCRYPT, DESTROY …); permissions are ALLOW_ALL, ALLOW_OWNER and DISALLOW_ALL. An
  operation not listed is refused. Without group information (no SLUGS) "preset" decides; with
  group information "groups" decides when the policy has it (a client is allowed when any of
  its groups is), else "preset". A file with an error is skipped as a whole (and logged);
  "default" and "public" cannot be redefined.

Using a policy
  kmip create --alg AES --length 256 --attr 'Operation Policy Name=team-keys'
`;

const SLUGS = `SLUGS (USER GROUPS)

SLUGS (Simple, Lightweight User Group Services, github.com/OpenKMIP/SLUGS) tells the server
whether a client's user exists and which groups it is in; policy "groups" sections ('kmip help
policies') then decide what each group may do.

Configuration (server.conf)
      [auth:slugs]
      enabled = True
      url = http://slugs.example.com:8080/
  enabled must be exactly True, as for pykmip-server. Several services go in sections named
  [auth:slugs:NAME], asked in file order; the first that knows the user gives its groups.

What the server asks
  The user is the common name (CN) of the client certificate.
      GET {url}users/{user}          200: known; 404: refused
      GET {url}users/{user}/groups   {"groups": ["admins", …]}; 404: refused
  A refusal, or no service answering, is Authentication Not Successful. As with pykmip-server,
  SLUGS is asked on every request; slugs_cache_ttl = 30 ([server] section; seconds, or 500ms,
  5m) keeps a known user's answer that long instead (refusals and outages are never kept). A
  Username/Password credential in the request header must name the certificate's user; the
  password is not checked.
`;

export const HELP_TOPICS: readonly HelpTopic[] = [
  { name: 'config', summary: 'pykmip.conf, server.conf and where the server keeps its state', text: CONFIG },
  { name: 'policies', summary: 'operation policies: built-in ones and policy files', text: POLICIES },
  { name: 'slugs', summary: 'user groups from a SLUGS service', text: SLUGS },
];

export function helpTopic(name: string): string | undefined {
  return HELP_TOPICS.find((t) => t.name === name.toLowerCase())?.text;
}
