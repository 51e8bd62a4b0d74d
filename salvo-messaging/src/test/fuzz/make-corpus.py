#!/usr/bin/env python3
# Writes the hand-made regression corpus the Jazzer fuzz tests replay on every `mvn test`.
# Run from anywhere; file names say what each input is. Inputs found by fuzzing sit beside these.
import struct, os
R=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'io', 'salvo', 'messaging')
def put(cls, method, name, data):
    d=f'{R}/{cls}Inputs/{method}'
    os.makedirs(d, exist_ok=True)
    open(f'{d}/{name}','wb').write(bytes(data))
F='framing/FramerFuzzTest'
# length-prefixed: byte0 = size idx(0-1) | LE(2) | counts(3-4) | sees(5) | offset(6-7); byte1 = max extra/2; byte2 = pad
def lp(size_idx, le=0, counts=0, sees=0, offset=0): return size_idx | (le<<2) | (counts<<3) | (sees<<5) | (offset<<6)
put(F,'lengthPrefixed','four-byte-payload-length-two-frames', [lp(2),50,5]+[0,0,0,3]+list(b'abc')+[0,0,0,0]+[0,0,0,1,ord('x')]+[0,0])
put(F,'lengthPrefixed','four-byte-negative', [lp(2),50,0]+[0xFF]*4)
put(F,'lengthPrefixed','eight-byte-min-long', [lp(3),50,1]+[0x80]+[0]*7)
put(F,'lengthPrefixed','two-byte-le-over-max', [lp(1,le=1),10,2]+[0xFF,0x00]+[1]*30)
put(F,'lengthPrefixed','whole-frame-smaller-than-header', [lp(2,counts=2),50,0]+[0,0,0,3,9,9])
put(F,'lengthPrefixed','whole-frame-exactly-header', [lp(2,counts=2),50,0]+[0,0,0,4]*3)
put(F,'lengthPrefixed','postgres-like-type-then-length-counting-itself', [lp(2,counts=1,sees=1,offset=1),100,4]+list(b'Q')+[0,0,0,6]+list(b'hi')+list(b'X')+[0,0,0,4]+list(b'Z')+[0,0,0,3])
put(F,'lengthPrefixed','one-byte-length-255', [lp(0),255,0]+[255]+[7]*255+[0]+[3,1])
put(F,'lengthPrefixed','max-is-header-only', [lp(1,offset=3),0,0]+[1,2,3,0,0,9,9,9,0,1])
# fixed size
put(F,'fixedSize','five-byte-frames', [4,0,3]+list(range(12)))
put(F,'fixedSize','one-byte-frames', [0,0,0]+[1,2,3])
put(F,'fixedSize','256-byte-frames', [255,0,9]+[0xAB]*300)
# delimited: byte0 %3 = len-1, byte1: max=len+2*b1, byte2 pad, delimiter = next bytes
put(F,'delimited','crlf-request', [1,8,3]+list(b'\r\nGET /\r\nHost: a\r\n\r\nabc\r'))
put(F,'delimited','newline-frame-at-max-then-over', [0,4,0]+list(b'\n12345678\n123456789\n'))
put(F,'delimited','self-overlapping-aa', [1,5,1]+list(b'aabaaabaaaa'))
put(F,'delimited','aba-overlaps', [2,6,2]+list(b'abaababababba'))
put(F,'delimited','no-delimiter-within-max', [0,2,0]+list(b'\n')+list(b'x'*10))
put(F,'delimited','high-bytes-in-eight-byte-steps', [0,40,0]+[0x80]+[0x7F,0xFF,0x81,0x00,0x01,0x7F,0xFE,0xFF,0x00,0x80]+[0x00]*9+[0x80])
put(F,'delimited','nul-delimited', [0,20,5]+[0]+list(b'abc')+[0]+[0]+list(b'defghij')+[0])
put(F,'delimited','crlf-split-across-max', [1,3,0]+list(b'\r\n')+list(b'abcdefg\r\n'))
# FIX: byte0: begin idx (%3 of low 7 bits) | verify(0x80); max = 40+4*b1
SOH=1
def fixmsg(begin, body, blen=None):
    body=body.replace(b'|',b'\x01')
    h=b'8='+begin.encode()+b'\x019='+(blen if blen is not None else str(len(body))).encode()+b'\x01'
    m=h+body
    return m+('10=%03d\x01' % (sum(m)%256)).encode()
body=b'35=D|49=CLIENT|56=EXCH|34=12|11=ord-1|55=MSFT|54=1|38=100|40=2|44=12.5|'
put(F,'fix','two-messages-checksum-verified', [0x81,100,0]+list(fixmsg('FIX.4.4',body)+fixmsg('FIX.4.4',b'35=0|')))
put(F,'fix','zero-padded-bodylength', [0x01,100,2]+list(fixmsg('FIX.4.4',body,'%04d'%len(body))))
put(F,'fix','fixt-empty-body', [2,0,0]+list(fixmsg('FIXT.1.1',b'')))
put(F,'fix','wrong-begin-string', [1,100,0]+list(fixmsg('FIX.4.2',body)))
bad=bytearray(fixmsg('FIX.4.4',body)); bad[-2]=ord('0') if bad[-2]!=ord('0') else ord('1')
put(F,'fix','wrong-checksum-verified', [0x81,100,0]+list(bad))
put(F,'fix','wrong-checksum-presence-only', [0x01,100,0]+list(bad))
put(F,'fix','missing-checksum-field', [1,100,0]+list(b'8=FIX.4.4\x019=5\x0135=0\x0111=123\x01'))
put(F,'fix','bodylength-not-a-digit', [1,100,0]+list(b'8=FIX.4.4\x019=1x\x01'))
put(F,'fix','bodylength-empty', [1,100,0]+list(b'8=FIX.4.4\x019=\x01'))
put(F,'fix','bodylength-endless-zeros', [1,0,0]+list(b'8=FIX.4.4\x019='+b'0'*60))
put(F,'fix','bodylength-huge', [1,0,0]+list(b'8=FIX.4.4\x019=99999999999999999999\x01'))
put(F,'fix','body-holds-checksum-lookalike', [0x81,100,1]+list(fixmsg('FIX.4.4',b'58=10=123|')))
# codecs
C='codec/CodecFuzzTest'
def asc(s,w,pad=b' '): s=s.encode(); return s+pad*(w-len(s))
login=b'L'+asc('ann',8)+asc('secret',8)+struct.pack('>q',7)
hb=b'H'
order=b'O'+struct.pack('>q',42)+asc('MSFT',8)+bytes([1])+struct.pack('>I',300)+struct.pack('>q',-5)+bytes([3])
ack=b'A'+struct.pack('>qqq',42,9001,1234567890)
rej=b'J'+struct.pack('>q',42)+bytes([4,0,0,0])+asc('slow down',20)
for n,m in [('login',login),('heartbeat',hb),('new-order',order),('ack',ack),('reject',rej)]:
    put(C,'orderEntry',n,m)
put(C,'orderEntry','unknown-type',b'Z'+bytes(8))
put(C,'orderEntry','truncated-new-order',order[:-1])
put(C,'orderEntry','enum-ordinal-255',order[:17]+bytes([255])+order[18:])
put(C,'orderEntry','non-ascii-symbol',order[:9]+bytes([0xC3,0x84])+order[11:])
put(C,'orderEntry','nonzero-padding-in-reject',rej[:10]+bytes([1,2,3])+rej[13:])
put(C,'orderEntry','symbol-all-spaces',order[:9]+b' '*8+order[17:])
def allkinds(le, i8,u8,i16,u16,i32,u32,i64,f32,f64,text,color):
    e='<' if le else '>'
    return bytes([1 if le else 0])+struct.pack(e+'bBh',i8,u8,i16)+b'\0'+struct.pack(e+'HiIqfd',u16,i32,u32,i64,f32,f64)+b'\0\0'+asc(text,12)+b'\0'+bytes([color])
put(C,'fixedLayout','big-endian',allkinds(0,-1,255,-32768,65535,-2**31,2**32-1,-2**63,1.5,-0.0,'hello world',2))
put(C,'fixedLayout','little-endian',allkinds(1,127,0,32767,0,2**31-1,0,2**63-1,float('inf'),float('nan'),'',0))
nan=bytearray(allkinds(0,0,0,0,0,0,0,0,0.0,0.0,'x',1)); nan[24:28]=bytes([0x7F,0x80,0x00,0x01])  # f32 at 1+1+1+2+1+2+4+4+8=24
put(C,'fixedLayout','signalling-nan-float',bytes(nan))
put(C,'fixedLayout','one-byte-short',allkinds(0,0,0,0,0,0,0,0,0.0,0.0,'',0)[:-1])
put(C,'fixedLayout','enum-ordinal-3',allkinds(0,0,0,0,0,0,0,0,0.0,0.0,'',0)[:-1]+bytes([3]))
base=allkinds(0,0,0,0,0,0,0,0,0.0,0.0,'',1)  # text at 38..50
put(C,'fixedLayout','nul-and-inner-space-in-text',base[:38]+b'a\0 b'+b' '*7+base[50:])
put(C,'newOrderView','new-order',order[1:])
put(C,'newOrderView','unknown-side',order[1:17]+bytes([9])+order[18:])
put(C,'newOrderView','one-byte-short',order[1:-1])
def framed(m): return struct.pack('>H',len(m))+m
put(C,'framedOrderEntry','conversation',framed(login)+framed(hb)+framed(order)+framed(ack)+framed(rej)+framed(hb)[:1])
put(C,'framedOrderEntry','empty-payload',framed(b''))
put(C,'framedOrderEntry','over-max',struct.pack('>H',600)+bytes(10))
put(C,'framedOrderEntry','length-one-short',struct.pack('>H',len(order)-1)+order)
print("ok")
