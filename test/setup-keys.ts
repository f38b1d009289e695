import { hasKeyRing, installKeyRing, KeyRing } from '../src/server/lib/seal.ts';

// Sealed columns and evidence files need the master keys: a random key per test file, whichever
// way the file builds its database. A test of keys installs its own ring over it.
if (!hasKeyRing()) installKeyRing(KeyRing.ephemeral());
