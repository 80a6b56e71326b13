/**
 * How the store fails, as the layers above services see it: routes tell an unreachable store
 * (503) and a value it refused (400) apart without reaching into store/ themselves.
 */
export { StoreUnreachable, UnstorableValue } from '../store/db.js';
