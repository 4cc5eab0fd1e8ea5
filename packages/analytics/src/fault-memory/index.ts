export { powerSpectrum } from './fft.ts';
export {
  computeSignature,
  fitSignatureScaler,
  applySignatureScaler,
  SIGNATURE_DIM,
  SIGNATURE_FEATURES,
  type SensorWindow,
  type SignatureScaler,
} from './signature.ts';
export {
  generateSignatures,
  synthesizeWindow,
  FAILURE_MODES,
  SAMPLE_RATE_HZ,
  WINDOW_SAMPLES,
  type FailureMode,
  type SignatureBatch,
  type GenerateOptions,
} from './generator.ts';
export {
  diagnose,
  vote,
  calibrateUnknownThreshold,
  type FaultMemory,
  type FaultLabels,
  type Evidence,
  type Diagnosis,
} from './diagnose.ts';
