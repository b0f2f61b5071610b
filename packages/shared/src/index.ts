export * from './arn.js';
export * from './config.js';
