import { maskPhone, mayEverSeePhones, phoneAccess, phoneFor, ROLES } from '@kaflow/domain';

describe('maskPhone', () => {
  it('keeps the first 3 and the last 4 characters of a number, the middle as 4 stars', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('028-85551234')).toBe('028****1234');
    expect(maskPhone('0755-8555123')).toBe('075****5123');
    expect(maskPhone('138 0013 8000')).toBe('138****8000');
  });

  it('hides short numbers nearly whole and leaves no number alone', () => {
    expect(maskPhone('12345678')).toBe('******78');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('1')).toBe('****');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeUndefined();
    expect(maskPhone('')).toBe('');
  });

  it('never shows more than 7 digits of an 11-digit mobile', () => {
    for (const phone of ['15612345678', '13987654321', '18620242025']) {
      const masked = maskPhone(phone);
      expect(masked.replace(/\D/g, '')).toHaveLength(7);
      expect(masked).not.toContain(phone.slice(3, 7));
    }
  });
});

describe('phoneAccess', () => {
  const me = 'u-1';
  const other = 'u-2';
  const own = { ownerId: me, callback: false };
  const someoneElses = { ownerId: other, callback: false };
  const onCallback = { ownerId: other, callback: true };
  const at = (roles: string[]) => ({ userId: me, roles });

  it("gives the dealer's managers every phone", () => {
    for (const role of ['ka_manager', 'sales_director', 'gm'])
      for (const s of [own, someoneElses, onCallback, { ownerId: null, callback: false }])
        expect(phoneAccess(at([role]), s)).toBe('full');
  });

  it('gives a consultant the phones of their own prospects only', () => {
    expect(phoneAccess(at(['consultant']), own)).toBe('full');
    expect(phoneAccess(at(['consultant']), someoneElses)).toBe('masked');
    expect(phoneAccess(at(['consultant']), { ownerId: null, callback: false })).toBe('masked');
    // a callback task on someone else's prospect is not a consultant's reason
    expect(phoneAccess(at(['consultant']), onCallback)).toBe('masked');
  });

  it('gives customer service the phones of its open or recent callbacks only', () => {
    for (const role of ['cs_manager', 'cs_agent']) {
      expect(phoneAccess(at([role]), onCallback)).toBe('full');
      expect(phoneAccess(at([role]), someoneElses)).toBe('masked');
      expect(phoneAccess(at([role]), own)).toBe('masked');
    }
  });

  it('masks every phone for the roles that do not contact customers', () => {
    for (const role of ['training_manager', 'marketing_director', 'admin', 'sysadmin', 'region_manager']) {
      for (const s of [own, someoneElses, onCallback]) expect(phoneAccess(at([role]), s)).toBe('masked');
      expect(mayEverSeePhones(at([role]))).toBe(false);
    }
    expect(phoneFor(at(['training_manager']), onCallback, '13800138000')).toBe('138****8000');
    expect(phoneFor(at(['ka_manager']), onCallback, '13800138000')).toBe('13800138000');
  });

  it('takes the widest of several roles', () => {
    expect(phoneAccess(at(['training_manager', 'consultant']), own)).toBe('full');
    expect(phoneAccess(at(['marketing_director', 'cs_agent']), onCallback)).toBe('full');
    expect(phoneAccess(at(['marketing_director', 'gm']), someoneElses)).toBe('full');
  });

  it('has a rule for every role there is', () => {
    const seeing = ROLES.filter((r) => mayEverSeePhones(at([r])));
    expect([...seeing].sort()).toEqual(['consultant', 'cs_agent', 'cs_manager', 'gm', 'ka_manager', 'sales_director']);
  });
});
