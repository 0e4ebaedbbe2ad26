// What PyKMIP's own server (Debian python3-pykmip 0.10.0) does with each scenario of the driver,
// recorded by pykmip-peer.test.ts (which fails when this record goes stale). The same for KMIP 1.0,
// 1.2 and 1.4 requests, except where noted. A drop-in replacement must pass every step PyKMIP
// passes, answer the same Result Reasons, and should pass the steps listed here as PyKMIP failures.
import type { Scenario } from './run-driver.js';

/** Number of steps each scenario prints (a lower count means the driver stopped early). */
export const STEP_COUNTS: Readonly<Record<Scenario, number>> = Object.freeze({
  lifecycle: 40,
  register: 36,
  attributes: 22,
  locate: 22,
  isolation: 16,
  crypto: 29,
  kmipproxy: 14,
});

const customSkipped = 'skipped: needs create_with_custom_attribute';

/** Steps that fail against pykmip-server, and why. Everything else passes there. */
export const PYKMIP_FAILURES: Readonly<Record<Scenario, Readonly<Record<string, string>>>> = Object.freeze({
  lifecycle: {
    revoke_active_ca_compromise:
      'CA Compromise leaves the key Deactivated; KMIP 1.4 §4.20 puts it in Compromised like Key Compromise',
    rekey: 'Operation Not Supported (the client offers ReKey, the server does not)',
    check:
      'Operation Not Supported; the PyKMIP client then fails reading the failure (AttributeError on a missing payload)',
  },
  register: {},
  attributes: {
    create_with_custom_attribute:
      'x- attributes refused: Invalid Field "The x-interop-bucket attribute is unsupported."',
    get_custom_attribute_named: customSkipped,
    get_custom_attribute_in_all: customSkipped,
    get_attribute_list_custom: customSkipped,
    locate_custom_attribute: customSkipped,
  },
  locate: {},
  isolation: {},
  crypto: {
    encrypt_with_registered_wrapped_key:
      'a registered wrapped key is never unwrapped: pykmip-server encrypts with the 24 wrapped bytes as the key, so the cipher text differs from AES-128 under the real key',
  },
  kmipproxy: {},
});

/** The Result Reason pykmip-server answers in each step that expects a failure. */
export const PYKMIP_REASONS: Readonly<Record<Scenario, Readonly<Record<string, string>>>> = Object.freeze({
  lifecycle: {
    activate_twice_fails: 'PERMISSION_DENIED',
    destroy_active_fails: 'PERMISSION_DENIED',
    get_after_destroy: 'ITEM_NOT_FOUND',
    get_attributes_after_destroy: 'ITEM_NOT_FOUND',
    destroy_twice_fails: 'ITEM_NOT_FOUND',
    revoke_preactive_non_compromise_fails: 'ILLEGAL_OPERATION',
    get_after_destroy_compromised: 'ITEM_NOT_FOUND',
  },
  register: {},
  attributes: {
    modify_read_only_fails: 'PERMISSION_DENIED',
    modify_missing_index_fails: 'ITEM_NOT_FOUND',
    delete_required_fails: 'PERMISSION_DENIED',
  },
  locate: {},
  // Another identity's object: Permission Denied with the message "Could not locate object: <id>".
  isolation: {
    b_get_fails: 'PERMISSION_DENIED',
    b_get_attributes_fails: 'PERMISSION_DENIED',
    b_get_attribute_list_fails: 'PERMISSION_DENIED',
    b_activate_fails: 'PERMISSION_DENIED',
    b_revoke_fails: 'PERMISSION_DENIED',
    b_destroy_fails: 'PERMISSION_DENIED',
    b_get_private_key_fails: 'PERMISSION_DENIED',
    b_destroy_shared_policy_fails: 'PERMISSION_DENIED',
  },
  crypto: {
    encrypt_pre_active_fails: 'PERMISSION_DENIED',
    // "Derivation method 'DerivationMethod.NIST800_108_F' is not a supported key derivation method."
    derive_key_nist800_108_feedback_fails: 'INVALID_FIELD',
  },
  kmipproxy: { get_after_destroy: 'ITEM_NOT_FOUND' },
});
