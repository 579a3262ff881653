// @kaflow/wecom — WeCom (企业微信) robot and application messages, the per-robot rate limit, the JS-SDK's
// tickets and signatures, and the sealed storage of channel secrets.
export {
  WecomClient,
  WecomError,
  WECOM_API,
  ROBOT_PER_MINUTE,
  type WecomApp,
  type WecomClientOptions,
} from './wecom-client';
export { JsapiTickets, jsapiSignature, type JsSdkSignature, type TicketKind } from './jsapi-ticket';
export { SlidingWindowLimiter } from './rate-limit';
export { SecretBox } from './secret-box';
export { markdownText } from './markdown';
export {
  CallbackCryptoError,
  isEncodingAesKey,
  openCallback,
  sealCallback,
  signature as callbackSignature,
  signatureMatches,
  type CallbackKeys,
} from './callback-crypto';
export {
  callbackXml,
  envelopeEncrypt,
  MAX_CALLBACK_XML,
  parseCallbackEvent,
  type CallbackEvent,
  type TemplateCardEvent,
} from './callback-xml';
export { buttonCard, cardTaskId, taskOfCard, type TaskCard } from './template-card';
