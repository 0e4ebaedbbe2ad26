// Every `kmip` subcommand, in the order `kmip --help` lists them.
import type { Command } from './kmip-command.js';
import { create, createKeyPair, get, locate } from './kmip-objects.js';
import { register } from './kmip-register.js';
import { activate, archive, destroy, obtainLease, recover, revoke } from './kmip-lifecycle.js';
import {
  addAttribute,
  deleteAttribute,
  getAttributeList,
  getAttributes,
  modifyAttribute,
  setAttribute,
} from './kmip-attributes.js';
import { decrypt, encrypt } from './kmip-crypto.js';
import { mac, macVerify, sign, signatureVerify } from './kmip-sign.js';
import { hash, rng } from './kmip-digest.js';
import { deriveKey, rekey, rekeyKeyPair } from './kmip-rekey.js';
import { discoverVersions, query } from './kmip-query.js';
import { decode } from './kmip-decode.js';
import { conformance } from './kmip-conformance.js';
import { bench } from './kmip-bench.js';

export const KMIP_COMMANDS: readonly Command[] = [
  create,
  createKeyPair,
  register,
  get,
  locate,
  getAttributes,
  getAttributeList,
  addAttribute,
  setAttribute,
  modifyAttribute,
  deleteAttribute,
  activate,
  revoke,
  destroy,
  archive,
  recover,
  obtainLease,
  rekey,
  rekeyKeyPair,
  deriveKey,
  encrypt,
  decrypt,
  sign,
  signatureVerify,
  mac,
  macVerify,
  hash,
  rng,
  query,
  discoverVersions,
  decode,
  conformance,
  bench,
];
