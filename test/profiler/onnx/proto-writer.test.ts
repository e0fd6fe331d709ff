import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../../profiler/onnx/proto-writer.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('ProtoWriter', () => {
  describe('when writing varints', () => {
    // Expected bytes from the protobuf encoding guide: 7 bits per byte, least significant first,
    // high bit set on every byte but the last; negative int64 is 10 bytes of two's complement.
    const cases = [
      { name: 'zero', given: 0, want: '00' },
      { name: 'one byte max', given: 127, want: '7f' },
      { name: 'two bytes', given: 128, want: '8001' },
      { name: 'guide example 150', given: 150, want: '9601' },
      { name: 'guide example 300', given: 300, want: 'ac02' },
      { name: 'above 2^31', given: 2 ** 32, want: '8080808010' },
      { name: 'minus one', given: -1, want: 'ffffffffffffffffff01' },
    ];
    for (const { name, given, want } of cases) {
      it(`encodes ${name}`, () => {
        expect(hex(new ProtoWriter().varint(given).finish())).toBe(want);
      });
    }
  });

  describe('when writing fields', () => {
    it('encodes the guide examples for a varint, a string and an embedded message', () => {
      // Encoding guide: field 1 = 150 → 08 96 01; field 2 = "testing" → 12 07 74…67;
      // field 3 = message { field 1 = 150 } → 1a 03 08 96 01.
      expect(hex(new ProtoWriter().uint(1, 150).finish())).toBe('089601');
      expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
      expect(hex(new ProtoWriter().message(3, new ProtoWriter().uint(1, 150)).finish())).toBe(
        '1a03089601',
      );
    });

    it('keeps large payloads intact across chunk boundaries', () => {
      const payload = Uint8Array.from({ length: 10_000 }, (_, i) => i % 251);
      const out = new ProtoWriter().uint(1, 1).bytes(9, payload).uint(2, 2).finish();
      // tag 0x08 01, tag 0x4a, length 10000 = varint 90 4e, payload, tag 0x10 02.
      expect(hex(out.subarray(0, 5))).toBe('08014a904e');
      expect(Buffer.compare(out.subarray(5, 10_005), payload)).toBe(0);
      expect(hex(out.subarray(10_005))).toBe('1002');
    });
  });
});
