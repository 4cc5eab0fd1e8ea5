export {
  DISPATCH_RULES,
  dispatch,
  type DispatchOptions,
  type DispatchResult,
  type DispatchRule,
} from './dispatch.ts';
