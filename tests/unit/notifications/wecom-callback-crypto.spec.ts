// WeCom's callback crypto and XML. The vectors are not produced by the code under test: the first is the
// example of WeCom's "加解密方案说明" (its verify-URL sample), the second was sealed with openssl in the shell:
//   K=$(printf 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C=' | base64 -d | xxd -p -c 64)
//   plaintext = '0123456789abcdef' + uint32be(len(msg)) + msg + 'wx5823bf96d3bd56c7', PKCS#7 to 32
//   openssl enc -aes-256-cbc -nopad -K $K -iv ${K:0:32} | base64 -w0
//   signature: printf '%s\n' QDG6eK 1409659589 263014780 "$ENC" | LC_ALL=C sort | tr -d '\n' | sha1sum
import {
  callbackSignature,
  callbackXml,
  CallbackCryptoError,
  envelopeEncrypt,
  isEncodingAesKey,
  MAX_CALLBACK_XML,
  openCallback,
  parseCallbackEvent,
  sealCallback,
  signatureMatches,
} from '@kaflow/wecom';

const keys = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
};
const DOC_ECHO = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const DOC_Q = { msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780' };
const OPENSSL_MSG = '<xml><Event>template_card_event</Event></xml>';
const OPENSSL_ENC =
  'sKqRbbiSUnDhFHOvPjtUMWtqeMRDLqWfM3fTVppnhObPXDF2KPAl5GqVnLWIrZ6VjbeKy64Qo2cJzp64U8w0KjNlOIqRZnJ9N7n8cHEvQ1FGwkud' +
  'cuE6bNvaWdmK7fnK';
const OPENSSL_Q = {
  msgSignature: 'a3bd80f9d75b3917b10eb06acd0624e43ebada96',
  timestamp: '1409659589',
  nonce: '263014780',
};

describe('WeCom callback crypto', () => {
  it("opens WeCom's documented verify-URL example to its echo string", () => {
    expect(openCallback(keys, DOC_Q, DOC_ECHO)).toBe('1616140317555161061');
  });

  it('opens a message sealed by openssl, and seals it back to the same bytes with the same random', () => {
    expect(openCallback(keys, OPENSSL_Q, OPENSSL_ENC)).toBe(OPENSSL_MSG);
    const sealed = sealCallback(keys, OPENSSL_MSG, '1409659589', '263014780', Buffer.from('0123456789abcdef'));
    expect(sealed).toEqual({ encrypt: OPENSSL_ENC, msgSignature: OPENSSL_Q.msgSignature });
  });

  it('refuses a wrong signature before decrypting, and any changed value', () => {
    const fail = (q: typeof DOC_Q, enc = DOC_ECHO) => {
      try {
        openCallback(keys, q, enc);
        return 'opened';
      } catch (e) {
        return (e as CallbackCryptoError).reason;
      }
    };
    expect(fail({ ...DOC_Q, msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4' })).toBe('signature');
    expect(fail({ ...DOC_Q, timestamp: '1409659590' })).toBe('signature');
    expect(fail({ ...DOC_Q, nonce: '263014781' })).toBe('signature');
    expect(fail(DOC_Q, DOC_ECHO.replace('P9n', 'P9m'))).toBe('signature');
    expect(fail({ ...DOC_Q, msgSignature: 'not hex' })).toBe('signature');
    expect(signatureMatches('other-token', DOC_Q, DOC_ECHO)).toBe(false);
    expect(signatureMatches(keys.token, { ...DOC_Q, msgSignature: undefined }, DOC_ECHO)).toBe(false);
  });

  it('refuses a correctly signed message that is not whole blocks, has bad padding, or is for another corp', () => {
    const signed = (enc: string) => {
      const q = { timestamp: '1', nonce: '2' };
      return { ...q, msgSignature: callbackSignature(keys.token, q.timestamp, q.nonce, enc) };
    };
    const short = Buffer.alloc(31).toString('base64');
    expect(() => openCallback(keys, signed(short), short)).toThrow(/whole AES blocks/);
    const garbage = Buffer.alloc(64, 7).toString('base64'); // opens to noise: the padding byte is wrong
    expect(() => openCallback(keys, signed(garbage), garbage)).toThrow(CallbackCryptoError);
    const other = sealCallback({ ...keys, corpId: 'another-corp' }, 'hello', '1', '2');
    expect(() => openCallback(keys, signed(other.encrypt), other.encrypt)).toThrow(/another corp/);
  });

  it('knows an EncodingAESKey when it sees one', () => {
    expect(isEncodingAesKey(keys.encodingAesKey)).toBe(true);
    expect(isEncodingAesKey(keys.encodingAesKey.slice(1))).toBe(false);
    expect(isEncodingAesKey(`${keys.encodingAesKey.slice(1)}!`)).toBe(false);
    expect(isEncodingAesKey(42)).toBe(false);
  });
});

describe('WeCom callback XML', () => {
  it('reads the envelope and a template card event as WeCom documents them', () => {
    expect(envelopeEncrypt(callbackXml({ ToUserName: 'corp', AgentID: '1000002', Encrypt: 'abc=' }))).toBe('abc=');
    const xml = callbackXml({
      ToUserName: 'corp',
      FromUserName: 'zhangsan',
      CreateTime: 1765000000,
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: 'approve',
      TaskId: 'kf-1',
      CardType: 'button_interaction',
      ResponseCode: 'rc-1',
      AgentID: 1000002,
    });
    expect(parseCallbackEvent(xml)).toEqual({
      type: 'template_card_event',
      card: {
        fromUser: 'zhangsan',
        createTime: '1765000000',
        eventKey: 'approve',
        taskId: 'kf-1',
        responseCode: 'rc-1',
        agentId: '1000002',
      },
    });
    expect(parseCallbackEvent(callbackXml({ MsgType: 'text', Content: 'hi' }))).toEqual({
      type: 'other',
      msgType: 'text',
      event: null,
    });
  });

  it('refuses what is not XML, entity declarations, a card event missing a field, and a huge body', () => {
    expect(envelopeEncrypt('not xml')).toBeNull();
    expect(envelopeEncrypt('<xml><Encrypt>a</Encrypt>')).toBeNull();
    expect(envelopeEncrypt('<!DOCTYPE x [<!ENTITY e "a">]><xml><Encrypt>&e;</Encrypt></xml>')).toBeNull();
    expect(envelopeEncrypt('<other><Encrypt>a</Encrypt></other>')).toBeNull();
    expect(envelopeEncrypt(`<xml><Encrypt>${'a'.repeat(MAX_CALLBACK_XML)}</Encrypt></xml>`)).toBeNull();
    expect(parseCallbackEvent(callbackXml({ MsgType: 'event', Event: 'template_card_event' }))).toBeNull();
  });
});
