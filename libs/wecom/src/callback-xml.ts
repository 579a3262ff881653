// The XML of WeCom callbacks: the outer envelope (<Encrypt>) and the inner event, read with fast-xml-parser
// (no entities, no DTDs, size-capped before parsing). Anything that is not the documented shape is null.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** WeCom's callback bodies are small; anything larger is refused before it is parsed. */
export const MAX_CALLBACK_XML = 64 * 1024;

const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

function parse(xml: string): Record<string, unknown> | null {
  if (typeof xml !== 'string' || xml.length === 0 || Buffer.byteLength(xml) > MAX_CALLBACK_XML) return null;
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  if (XMLValidator.validate(xml) !== true) return null;
  try {
    const doc = parser.parse(xml) as Record<string, unknown>;
    const root = doc?.xml;
    return root && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** The envelope's <Encrypt> text, or null. */
export function envelopeEncrypt(xml: string): string | null {
  const root = parse(xml);
  const e = root ? text(root.Encrypt) : null;
  return e && e.length <= MAX_CALLBACK_XML ? e : null;
}

export interface TemplateCardEvent {
  fromUser: string;
  createTime: string;
  eventKey: string;
  taskId: string;
  responseCode: string;
  agentId: string | null;
}

export type CallbackEvent =
  { type: 'template_card_event'; card: TemplateCardEvent } | { type: 'other'; msgType: string; event: string | null };

/** The decrypted event; null when it is not XML of WeCom's shape. */
export function parseCallbackEvent(xml: string): CallbackEvent | null {
  const root = parse(xml);
  if (!root) return null;
  const msgType = text(root.MsgType);
  if (!msgType) return null;
  const event = text(root.Event);
  if (msgType !== 'event' || event !== 'template_card_event') return { type: 'other', msgType, event };
  const fromUser = text(root.FromUserName);
  const eventKey = text(root.EventKey);
  const taskId = text(root.TaskId);
  const responseCode = text(root.ResponseCode);
  const createTime = text(root.CreateTime);
  if (!fromUser || !eventKey || !taskId || !responseCode || !createTime) return null;
  return {
    type: 'template_card_event',
    card: { fromUser, createTime, eventKey, taskId, responseCode, agentId: text(root.AgentID) },
  };
}

/** XML as WeCom writes it (CDATA text), for the simulator and tests. */
export function callbackXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('');
  return `<xml>${body}</xml>`;
}
