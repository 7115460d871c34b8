/* status_catalogue.c -- what every SIP response code means.
 *
 * One static table, sorted by code, holds an entry for each code of the IANA
 * SIP "Response Codes" registry: the reason phrase, the meaning in English
 * and in Chinese, the same meaning in a few words for the Info column (brief,
 * brief_zh), what the client is expected to do next, the defining spec
 * and, where there is one, the usual cause of the code in a VoLTE / IMS
 * network.  Look-ups are a binary search over the table.
 *
 * Keep the table sorted and in step with the registry; the unit test
 * (tests/unit/test_status_catalogue.c) checks both.  All text is written for
 * this catalogue: do not paste text from the RFCs or from other tools.
 */

#include "volte/status_catalogue.h"

/* The table is not called volte_status_entry: that name is already the
 * entry type, and C does not allow an object and a typedef of the same name
 * in the same scope. */
static const volte_status_entry volte_status_entries[] = {
    { 100, "Trying",
      "The next hop has received the request and is working on it; nothing is known about the far end yet.",
      "下一跳已收到请求并正在处理，此时尚不代表被叫侧有任何结果。",
      "request received, in progress", "处理中",
      "wait for a final response; stop retransmitting an INVITE",
      "RFC 3261 §21.1.1",
      "Hop-by-hop only: the UE normally gets it from the P-CSCF, "
      "and proxies never forward a 100 towards the caller." },
    { 180, "Ringing",
      "The callee's device has been reached and is alerting the user.",
      "被叫终端已收到呼叫，正在振铃提示用户。",
      "callee alerting", "被叫振铃",
      "wait for a final response; play local ringback unless early media arrives",
      "RFC 3261 §21.1.2",
      "Sent by the callee UE while alerting; when QoS preconditions "
      "are used it is expected only after they are met (TS 24.229)." },
    { 181, "Call Is Being Forwarded",
      "A server on the path is forwarding the call to another destination and reports this as progress.",
      "呼叫正在被网络中的服务器前转至其他目的地。",
      "call being forwarded", "呼叫前转中",
      "wait for a final response from the new destination",
      "RFC 3261 §21.1.3",
      "Typically sent by the MMTel AS (TAS) when it applies a call forwarding service (CDIV, TS 24.604)." },
    { 182, "Queued",
      "The callee cannot take the call right now and a "
      "server has put it in a queue instead of rejecting it.",
      "被叫暂时无法接听，服务器已将呼叫排队而非拒绝。",
      "call queued for the callee", "呼叫排队中",
      "wait; the call stays queued until a final response arrives",
      "RFC 3261 §21.1.4",
      "Rare in plain VoLTE calls; it may come from an AS that "
      "queues calls, e.g. for a hunt group or call centre." },
    { 183, "Session Progress",
      "The call is still being set up and the response carries "
      "progress information, often an SDP answer for early media.",
      "会话进行中，响应携带呼叫建立的进展信息，"
      "常含用于早期媒体的 SDP 应答。",
      "early session / progress info", "会话进行中",
      "wait for a final response; apply any SDP answer and play early media",
      "RFC 3261 §21.1.5",
      "Usually carries the callee's SDP answer with the QoS precondition "
      "status and is sent reliably (100rel, acknowledged by PRACK); the "
      "callee's QCI 1 dedicated bearer is typically set up around it." },
    { 199, "Early Dialog Terminated",
      "One of the early dialogs created by a forked request has ended before any final response was sent.",
      "由分叉请求建立的某个早期对话在最终响应之前已被终止。",
      "one forked early dialog ended", "早期对话已终止",
      "release that early dialog and its media; keep waiting on the others",
      "RFC 6228 §4",
      "Can appear when the S-CSCF forks an INVITE to several "
      "registered contacts of the callee and one of them rejects it." },
    { 200, "OK",
      "The request has succeeded.",
      "请求已成功完成。",
      "success", "成功",
      "stop retransmitting; ACK it if it answers an INVITE",
      "RFC 3261 §21.2.1",
      "For an INVITE it means the callee answered; for REGISTER it completes "
      "the IMS registration and returns Service-Route and P-Associated-URI." },
    { 202, "Accepted",
      "Deprecated: it said the request was accepted but its "
      "processing, e.g. of a REFER or SUBSCRIBE, was not finished yet.",
      "已弃用：表示请求已被接受但处理尚未完成（例如 REFER 或 SUBSCRIBE）。",
      "accepted, outcome later (deprecated)", "已接受待处理",
      "treat it as 200; the outcome comes later in a NOTIFY",
      "RFC 6665 §8.3.1",
      NULL },
    { 204, "No Notification",
      "A conditional SUBSCRIBE succeeded and no NOTIFY will follow because the state has not changed.",
      "条件订阅成功，由于状态没有变化，不会再发送 NOTIFY。",
      "no state change, no NOTIFY", "状态无变化",
      "keep the cached event state; no NOTIFY will come",
      "RFC 5839 §7.1",
      NULL },
    { 300, "Multiple Choices",
      "The address resolves to several locations, listed in Contact, and the client may pick one of them.",
      "目标地址对应多个位置（列于 Contact 中），可由客户端从中选择。",
      "several targets, pick one", "多个目标可选",
      "retry at one of the Contact addresses",
      "RFC 3261 §21.3.1",
      NULL },
    { 301, "Moved Permanently",
      "The user is no longer at the Request-URI and has moved for good to the address in Contact.",
      "用户已永久迁移，不再位于原请求地址，新地址见 Contact。",
      "user moved for good, see Contact", "用户永久迁移",
      "retry at the Contact address and update any stored address",
      "RFC 3261 §21.3.2",
      NULL },
    { 302, "Moved Temporarily",
      "The user can be reached for the time being at the address in Contact.",
      "用户暂时位于 Contact 中给出的其他地址。",
      "user temporarily elsewhere", "用户临时迁移",
      "retry at the Contact address",
      "RFC 3261 §21.3.3",
      NULL },
    { 305, "Use Proxy",
      "The request has to be sent through the proxy named in Contact.",
      "请求必须经由 Contact 中指定的代理发送。",
      "must go via the proxy in Contact", "须经指定代理",
      "retry through the proxy in Contact",
      "RFC 3261 §21.3.4",
      NULL },
    { 380, "Alternative Service",
      "The call did not succeed, but another service is available and is described in the response body.",
      "呼叫未成功，但有替代服务可用，详见响应消息体。",
      "call failed, alternative offered", "需改用替代服务",
      "read the body and use the alternative service it offers",
      "RFC 3261 §21.3.5",
      "In IMS the P-CSCF sends it, with a 3GPP XML body of type emergency, when "
      "it spots an emergency call that the UE did not set up as one; the UE "
      "should then do an emergency registration and call again (TS 24.229 §5.2.10)." },
    { 400, "Bad Request",
      "The request is malformed or lacks something required, so the server could not understand it.",
      "请求语法错误或缺少必需内容，服务器无法理解。",
      "malformed request", "请求格式错误",
      "fix the request before retrying",
      "RFC 3261 §21.4.1",
      NULL },
    { 401, "Unauthorized",
      "The request needs user authentication, and the response carries a challenge in WWW-Authenticate.",
      "请求需要用户认证，响应在 WWW-Authenticate 中携带认证质询。",
      "authentication needed", "需要鉴权",
      "retry with credentials (Authorization header)",
      "RFC 3261 §21.4.2",
      "Normal on the first REGISTER: the S-CSCF sends the IMS AKA challenge, and the "
      "UE answers it in a second REGISTER over the new IPsec security associations." },
    { 402, "Payment Required",
      "Reserved for future use; the code has no defined meaning today.",
      "保留供将来使用，目前没有定义的含义。",
      "reserved, no defined meaning", "保留未定义",
      "treat it as 400; do not retry this request unchanged",
      "RFC 3261 §21.4.3",
      NULL },
    { 403, "Forbidden",
      "The server understood the request but refuses to "
      "carry it out, and authenticating again will not help.",
      "服务器理解该请求但拒绝执行，重新认证也无济于事。",
      "refused; re-authenticating won't help", "服务器拒绝执行",
      "do not retry this request unchanged",
      "RFC 3261 §21.4.4",
      "From the S-CSCF it typically means the service is not allowed, the subscription is barred "
      "or the user is not registered; on REGISTER it can also follow a failed IMS AKA check." },
    { 404, "Not Found",
      "The user does not exist in the domain named in the Request-URI.",
      "请求 URI 所指的域中不存在该用户。",
      "user unknown in this domain", "用户不存在",
      "do not retry this request unchanged; check the number or URI",
      "RFC 3261 §21.4.5",
      "Typically the dialled number is not allocated or the user "
      "is unknown in the HSS, so the I-CSCF's location query fails." },
    { 405, "Method Not Allowed",
      "The method is known but not allowed for this address; the Allow header lists the accepted ones.",
      "该请求方法不允许用于此地址，可用的方法见 Allow 头。",
      "method not allowed for target", "方法不允许",
      "use a method listed in Allow",
      "RFC 3261 §21.4.6",
      NULL },
    { 406, "Not Acceptable",
      "The resource can only produce responses whose content "
      "does not match the Accept headers of the request.",
      "目标只能生成与请求 Accept 头不匹配的响应内容。",
      "no acceptable response content", "响应内容不可接受",
      "widen the Accept headers and retry",
      "RFC 3261 §21.4.7",
      NULL },
    { 407, "Proxy Authentication Required",
      "A proxy on the path wants the client to authenticate "
      "and carries its challenge in Proxy-Authenticate.",
      "路径上的代理要求客户端认证，质询在 Proxy-Authenticate 中。",
      "proxy authentication needed", "需要代理鉴权",
      "retry with Proxy-Authorization credentials",
      "RFC 3261 §21.4.8",
      "Rare for VoLTE UEs, which are authenticated once at REGISTER through "
      "IMS AKA; it is more typical of SIP trunks and non-IMS proxies." },
    { 408, "Request Timeout",
      "The server could not give a final response in time, "
      "for example because it could not locate the user.",
      "服务器未能在规定时间内给出最终响应，例如未能及时找到用户。",
      "no final response in time", "请求超时",
      "retry later; the request may succeed then",
      "RFC 3261 §21.4.9",
      "Often no answer from the callee UE, e.g. after it lost coverage, "
      "or a timer expiring in a core node such as the S-CSCF or an AS." },
    { 410, "Gone",
      "The user used to be reachable here but is gone for good and no forwarding address is known.",
      "用户曾在此地址，但已永久不可达，且没有已知的转移地址。",
      "user gone for good", "用户永久不可达",
      "do not retry; remove this address",
      "RFC 3261 §21.4.10",
      NULL },
    { 412, "Conditional Request Failed",
      "A conditional PUBLISH failed because its entity tag no longer matches the state held by the server.",
      "条件 PUBLISH 失败，其实体标签与服务器保存的事件状态不再匹配。",
      "PUBLISH entity tag out of date", "条件发布失败",
      "publish again as an initial PUBLISH without SIP-If-Match",
      "RFC 3903 §11.2.1",
      NULL },
    { 413, "Request Entity Too Large",
      "The request body is larger than the server is willing to process.",
      "请求消息体超出服务器愿意处理的大小。",
      "request body too large", "消息体过大",
      "shorten the body; retry after Retry-After if one is given",
      "RFC 3261 §21.4.11",
      NULL },
    { 414, "Request-URI Too Long",
      "The Request-URI is longer than the server is willing to interpret.",
      "请求 URI 过长，服务器不愿解析。",
      "Request-URI too long to parse", "请求地址过长",
      "shorten the Request-URI before retrying",
      "RFC 3261 §21.4.12",
      NULL },
    { 415, "Unsupported Media Type",
      "The server does not support the format, encoding or language of the request body.",
      "服务器不支持请求消息体的格式、编码或语言。",
      "body format not supported", "消息体格式不支持",
      "retry with a body that matches the Accept headers of the response",
      "RFC 3261 §21.4.13",
      NULL },
    { 416, "Unsupported URI Scheme",
      "The server does not know the scheme of the Request-URI.",
      "服务器不支持请求 URI 所用的方案（scheme）。",
      "URI scheme not supported", "地址方案不支持",
      "retry with a URI scheme the server supports, such as sip or tel",
      "RFC 3261 §21.4.14",
      NULL },
    { 417, "Unknown Resource-Priority",
      "The request insisted on resource priority, but the "
      "server understands none of its Resource-Priority values.",
      "请求要求资源优先级处理，但服务器不识别其中任何 Resource-Priority 值。",
      "Resource-Priority value unknown", "优先级值未知",
      "retry with a value from Accept-Resource-Priority, or without requiring it",
      "RFC 4412 §4.6.2",
      NULL },
    { 420, "Bad Extension",
      "The server does not support an extension that the request listed in Require or Proxy-Require.",
      "服务器不支持请求在 Require 或 Proxy-Require 中要求的扩展。",
      "required extension unsupported", "扩展不支持",
      "retry without the extensions listed in Unsupported",
      "RFC 3261 §21.4.15",
      NULL },
    { 421, "Extension Required",
      "The server needs an extension, named in the Require "
      "header, that the request did not list as supported.",
      "服务器需要某个扩展（见 Require 头），而请求未声明支持该扩展。",
      "server requires an extension", "需支持扩展",
      "retry with support for the extension named in Require",
      "RFC 3261 §21.4.16",
      "May come from a callee that insists on preconditions or "
      "100rel when the INVITE did not list them in Supported." },
    { 422, "Session Interval Too Small",
      "The Session-Expires value of the request is below the "
      "minimum the server accepts, which is given in Min-SE.",
      "请求中的 Session-Expires 低于服务器可接受的最小值（见 Min-SE）。",
      "session timer too short", "会话间隔过短",
      "retry with a Session-Expires of at least Min-SE",
      "RFC 4028 §6",
      NULL },
    { 423, "Interval Too Brief",
      "The expiry time asked for a refreshed resource, such as a registration, is too short.",
      "所请求的资源（如注册）刷新有效期过短。",
      "requested expiry too short", "有效期过短",
      "retry with a larger Expires (at least Min-Expires)",
      "RFC 3261 §21.4.17",
      "Can be seen on REGISTER when the UE asks for a "
      "shorter registration period than the S-CSCF allows." },
    { 424, "Bad Location Information",
      "The location information in the request was malformed or not good enough for the server.",
      "请求中的位置信息格式错误或不满足服务器要求。",
      "location info bad or unusable", "位置信息有误",
      "retry with corrected location information (see Geolocation-Error)",
      "RFC 6442 §4.3",
      "Can occur on IMS emergency calls when the location "
      "the UE supplies cannot be used to route to a PSAP." },
    { 425, "Bad Alert Message",
      "The alert data (a CAP message) of a non-interactive "
      "emergency call was malformed or could not be handled.",
      "非交互式紧急呼叫中的告警数据（CAP 消息）格式错误或无法处理。",
      "emergency alert data invalid", "告警消息有误",
      "fix the alert message (see AlertMsg-Error) before retrying",
      "RFC 8876 §5.1",
      NULL },
    { 428, "Use Identity Header",
      "The verifier requires an Identity header and the request did not carry one.",
      "验证方要求携带 Identity 头，而请求中没有。",
      "Identity header required", "需要身份签名",
      "retry with an Identity header",
      "RFC 8224 §6.2.2",
      "Can come from a STIR/SHAKEN verification service at an "
      "interconnect when the originating network did not sign the call." },
    { 429, "Provide Referrer Identity",
      "The refer target requires a valid Referred-By token and the request did not carry one.",
      "被转接目标要求有效的 Referred-By 令牌，而请求未携带。",
      "Referred-By token required", "需提供转介身份",
      "obtain a signed Referred-By token from the referrer and retry",
      "RFC 3892 §5",
      NULL },
    { 430, "Flow Failed",
      "The connection (flow) to a user agent registered through SIP outbound has failed.",
      "经 SIP Outbound 注册的到用户代理的连接（flow）已失效。",
      "outbound flow to UA failed", "连接流失效",
      "try another flow to the target; the user agent should register again",
      "RFC 5626 §11.5",
      NULL },
    { 433, "Anonymity Disallowed",
      "The request was refused because the caller withheld their identity.",
      "因主叫隐藏了身份，请求被拒绝。",
      "anonymous caller refused", "拒绝匿名呼叫",
      "retry without withholding the caller identity",
      "RFC 5079 §5",
      "Typically the callee's Anonymous Communication Rejection service "
      "in the AS refusing a call with a restricted caller ID (TS 24.611)." },
    { 436, "Bad Identity Info",
      "The credential reference (the info parameter) in the Identity header could not be used or fetched.",
      "Identity 头中的凭证引用（info 参数）无法使用或无法获取。",
      "Identity info reference unusable", "身份凭证引用无效",
      "fix the info reference of the Identity header before retrying",
      "RFC 8224 §6.2.2",
      NULL },
    { 437, "Unsupported Credential",
      "The verifier could not validate the credential used to sign the Identity header.",
      "验证方无法验证用于签署 Identity 头的凭证。",
      "Identity credential unverifiable", "凭证无法验证",
      "sign again with a credential the verifier can validate",
      "RFC 8224 §6.2.2",
      NULL },
    { 438, "Invalid Identity Header",
      "The signature in the Identity header did not verify against the request.",
      "Identity 头中的签名与请求内容校验不一致。",
      "Identity signature invalid", "身份签名无效",
      "do not retry this request unchanged; check the signed fields",
      "RFC 8224 §6.2.2",
      NULL },
    { 439, "First Hop Lacks Outbound Support",
      "The registrar supports SIP outbound but the first-hop proxy on the path does not.",
      "注册服务器支持 SIP Outbound，但路径上的第一跳代理不支持。",
      "edge proxy lacks SIP outbound", "首跳代理不支持",
      "register again without outbound, or through another edge proxy",
      "RFC 5626 §11.6",
      NULL },
    { 440, "Max-Breadth Exceeded",
      "A proxy could not fork the request in parallel as "
      "it wanted because the Max-Breadth allowance ran out.",
      "Max-Breadth 额度已用尽，代理无法按需并行分叉该请求。",
      "fork limit (Max-Breadth) reached", "分叉额度用尽",
      "narrow the set of targets before retrying",
      "RFC 5393 §5.3.3",
      NULL },
    { 469, "Bad Info Package",
      "An INFO request used an Info Package that the receiver had not said it would accept.",
      "INFO 请求使用了接收方未声明愿意接收的 Info Package。",
      "INFO package not accepted", "信息包不被接受",
      "send INFO only with a package listed in Recv-Info",
      "RFC 6086 §4.2.2",
      NULL },
    { 470, "Consent Needed",
      "The request went to a relay whose target recipients have not yet consented to receive it.",
      "请求经由的中继所对应的接收方尚未同意接收该请求。",
      "recipient consent needed", "需接收方同意",
      "get consent for the targets in Permission-Missing, then retry",
      "RFC 5360 §5.9.2",
      NULL },
    { 480, "Temporarily Unavailable",
      "The callee's system was reached but the user cannot be contacted at the moment.",
      "已联系到被叫系统，但用户暂时无法接通。",
      "callee unreachable for now", "暂时无法接通",
      "retry later, after Retry-After if one is given",
      "RFC 3261 §21.4.18",
      "Typically the callee UE is not reachable: not "
      "registered in IMS, out of coverage, or paging failed." },
    { 481, "Call/Transaction Does Not Exist",
      "The request matches no dialog or transaction that the server knows of.",
      "请求不匹配服务器已知的任何对话或事务。",
      "no matching dialog/transaction", "对话或事务不存在",
      "treat the dialog as ended; do not send more requests in it",
      "RFC 3261 §21.4.19",
      "Often a BYE, re-INVITE or UPDATE reaching a node that already "
      "cleared the dialog, e.g. after a restart or a race with call release." },
    { 482, "Loop Detected",
      "The request came back to a server it had already passed through, so it is looping.",
      "请求回到了已经经过的服务器，出现路由环路。",
      "routing loop", "路由环路",
      "fix the routing before retrying",
      "RFC 3261 §21.4.20",
      "Often a routing loop caused by wrong filter criteria or routing data between CSCFs and ASs." },
    { 483, "Too Many Hops",
      "Max-Forwards reached zero before the request got to its target.",
      "请求在到达目标前 Max-Forwards 已减为零。",
      "Max-Forwards exhausted", "跳数耗尽",
      "fix the routing; raise Max-Forwards only if the path is really that long",
      "RFC 3261 §21.4.21",
      "Often a routing loop between CSCFs and ASs that was not caught as a loop." },
    { 484, "Address Incomplete",
      "The Request-URI is only part of an address, for example a number that was not fully dialled.",
      "请求 URI 地址不完整，例如号码没有拨全。",
      "number/address incomplete", "号码不完整",
      "complete the address and retry",
      "RFC 3261 §21.4.22",
      "Typically a dialled number with too few digits, rejected "
      "by number analysis in the S-CSCF, an AS or the BGCF." },
    { 485, "Ambiguous",
      "The Request-URI matches several users, and the response may list the candidates in Contact.",
      "请求 URI 对应多个用户，存在歧义，候选地址可能列于 Contact 中。",
      "address matches several users", "地址有歧义",
      "retry with a more precise address, e.g. one from Contact",
      "RFC 3261 §21.4.23",
      NULL },
    { 486, "Busy Here",
      "The callee was reached but cannot take another call on this device right now.",
      "被叫忙，该终端当前无法接听新的呼叫。",
      "callee busy", "被叫忙",
      "retry later, or try another destination such as voicemail",
      "RFC 3261 §21.4.24",
      "The callee is busy, e.g. already in a call without call waiting or rejecting "
      "the call; the MMTel AS may then apply call forwarding on busy (TS 24.604)." },
    { 487, "Request Terminated",
      "The request was ended by a CANCEL or BYE before it completed.",
      "请求在完成前被 CANCEL 或 BYE 终止。",
      "request cancelled", "请求已终止",
      "nothing more to do; it confirms the CANCEL took effect",
      "RFC 3261 §21.4.25",
      "Normal when the caller hangs up while the callee is "
      "still ringing: the caller's CANCEL ends the INVITE." },
    { 488, "Not Acceptable Here",
      "The session description is not acceptable at this endpoint, although it may be elsewhere.",
      "会话描述在此终端不可接受（在其他终端可能可以）。",
      "media not acceptable here", "媒体不可接受",
      "retry with another SDP offer (the Warning header says why)",
      "RFC 3261 §21.4.26",
      "Often a codec or media mismatch, e.g. no common AMR, AMR-WB or "
      "EVS configuration, or media the network policy does not allow." },
    { 489, "Bad Event",
      "The server does not understand the event package named in the Event header.",
      "服务器不理解 Event 头中指定的事件包。",
      "event package not supported", "事件包不支持",
      "subscribe only to event packages listed in Allow-Events",
      "RFC 6665 §8.3.2",
      NULL },
    { 491, "Request Pending",
      "The server already has a request pending in this dialog, and the new one collides with it.",
      "该对话中已有未完成的请求，新请求与之冲突。",
      "request collision (glare)", "请求冲突",
      "retry after a random delay (RFC 3261 §14.1)",
      "RFC 3261 §21.4.27",
      "Typically glare between re-INVITEs or UPDATEs, e.g. when "
      "both UEs hold the call or change media at the same time." },
    { 493, "Undecipherable",
      "The request carried an encrypted (S/MIME) body that the server cannot decrypt.",
      "请求携带了服务器无法解密的加密（S/MIME）消息体。",
      "body cannot be decrypted", "无法解密",
      "resend with a body the recipient can decrypt, or unencrypted",
      "RFC 3261 §21.4.28",
      NULL },
    { 494, "Security Agreement Required",
      "The server requires a security mechanism to be agreed "
      "first and lists the ones it offers in Security-Server.",
      "服务器要求先协商安全机制，并在 Security-Server 中列出其支持的机制。",
      "security agreement needed first", "需协商安全机制",
      "set up a mechanism from Security-Server, then retry",
      "RFC 3329 §2.3",
      "In IMS the IPsec security agreement normally rides on the 401 challenge to REGISTER, "
      "so a 494 often points to a sec-agree mismatch between the UE and the P-CSCF." },
    { 500, "Server Internal Error",
      "The server hit an unexpected condition that kept it from handling the request.",
      "服务器遇到意外情况，无法处理该请求。",
      "server internal failure", "服务器内部错误",
      "retry later, after Retry-After if one is given",
      "RFC 3261 §21.5.1",
      "Often an internal failure in a CSCF or AS, such as a "
      "software fault or a failed query to a back-end node." },
    { 501, "Not Implemented",
      "The server does not support what the request needs, for example its method.",
      "服务器不支持完成该请求所需的功能，例如请求方法。",
      "feature or method unsupported", "功能未实现",
      "do not retry this request at this server",
      "RFC 3261 §21.5.2",
      NULL },
    { 502, "Bad Gateway",
      "A gateway or proxy received an invalid response from the next server it contacted.",
      "网关或代理从其联系的下游服务器收到了无效响应。",
      "invalid response from downstream", "下游响应无效",
      "retry later or through another route",
      "RFC 3261 §21.5.3",
      NULL },
    { 503, "Service Unavailable",
      "The server is overloaded or under maintenance and cannot handle the request for now.",
      "服务器过载或正在维护，暂时无法处理请求。",
      "server overloaded or down", "服务暂不可用",
      "retry after Retry-After, or try another server",
      "RFC 3261 §21.5.4",
      "From the P-CSCF it often means the resource authorisation with the PCRF over Rx "
      "failed or the P-CSCF is overloaded; from other nodes it is typically overload." },
    { 504, "Server Time-out",
      "The server gave up waiting for another server it "
      "needed, such as a location service or the next hop.",
      "服务器在等待其依赖的其他服务器（如位置服务或下一跳）时超时。",
      "downstream server timed out", "下游超时",
      "retry later or try another server",
      "RFC 3261 §21.5.5",
      "Typically a timeout towards another core node, e.g. "
      "the HSS over Diameter, an AS, or the interconnect." },
    { 505, "Version Not Supported",
      "The server does not support the SIP version used in the request.",
      "服务器不支持请求所用的 SIP 协议版本。",
      "SIP version unsupported", "版本不支持",
      "retry with SIP/2.0",
      "RFC 3261 §21.5.6",
      NULL },
    { 513, "Message Too Large",
      "The message is longer than the server is able to process.",
      "消息长度超出了服务器的处理能力。",
      "message too large for server", "消息过大",
      "shorten the message, or send it over TCP",
      "RFC 3261 §21.5.7",
      "Can hit a large INVITE, with many codecs or headers, "
      "sent over UDP where TCP should have been used." },
    { 555, "Push Notification Service Not Supported",
      "The server does not support the push notification "
      "service that the client asked for when registering.",
      "服务器不支持客户端在注册时请求的推送通知服务。",
      "push service not supported", "推送服务不支持",
      "register again without push parameters, or with a supported service",
      "RFC 8599 §8.1",
      NULL },
    { 580, "Precondition Failure",
      "The server could not or would not meet the preconditions set in the session description.",
      "无法满足会话描述中设定的前提条件（precondition）。",
      "QoS precondition not met", "前提条件失败",
      "do not retry unchanged; the session cannot meet these preconditions",
      "RFC 3312 §8",
      "The QoS precondition could not be met, typically because the "
      "dedicated QCI 1 bearer for voice could not be reserved on one side." },
    { 600, "Busy Everywhere",
      "The callee was reached and is busy, and no other device of theirs will take the call either.",
      "被叫忙，且其所有终端都无法接听。",
      "callee busy on all devices", "被叫全忙",
      "do not try other destinations; retry later if Retry-After says when",
      "RFC 3261 §21.6.1",
      "Less common than 486 in VoLTE; an AS may send it "
      "when the user is busy on every registered device." },
    { 603, "Decline",
      "The callee was reached and explicitly refuses to take part.",
      "已联系到被叫，但被叫明确拒绝接听。",
      "callee declined", "被叫拒绝",
      "do not retry elsewhere; the user declined",
      "RFC 3261 §21.6.2",
      "Typically the user rejected the call on the callee UE." },
    { 604, "Does Not Exist Anywhere",
      "The server knows for certain that the user in the Request-URI does not exist anywhere.",
      "服务器确知请求 URI 中的用户在任何地方都不存在。",
      "user does not exist anywhere", "用户全局不存在",
      "do not retry this address anywhere",
      "RFC 3261 §21.6.3",
      NULL },
    { 606, "Not Acceptable",
      "The callee was reached, but parts of the session description, "
      "such as media or bandwidth, are not acceptable anywhere.",
      "已联系到被叫，但会话描述中的部分内容（如媒体、"
      "带宽）在任何地方都不可接受。",
      "session not acceptable anywhere", "会话全局不可接受",
      "retry only with a different session description (see Warning)",
      "RFC 3261 §21.6.4",
      "Like 488 but final for all of the callee's devices: typically no codec or media in common at all." },
    { 607, "Unwanted",
      "The callee marked the call or message as unwanted, and "
      "later attempts from this caller will likely be refused too.",
      "被叫将该呼叫或消息标记为不想要的（骚扰）"
      "，该主叫的后续尝试也可能被拒绝。",
      "callee flagged call as unwanted", "被叫标记骚扰",
      "do not retry; the callee does not want calls from this caller",
      "RFC 8197 §4",
      "Sent when the callee user rejects the call as unwanted, e.g. "
      "spam; operators may feed it into call-blocking analytics." },
    { 608, "Rejected",
      "An intermediary, not the callee, rejected the call, "
      "for example a call-analytics or blocking service.",
      "呼叫被中间节点而非被叫拒绝，例如呼叫分析或拦截服务。",
      "blocked by network intermediary", "被网络拦截",
      "do not retry; contact the operator in Call-Info if the block is wrong",
      "RFC 8688 §3.1",
      "Typically a network anti-spam or fraud filter, e.g. "
      "one acting on STIR/SHAKEN results, blocking the call." },
};

#define VOLTE_STATUS_COUNT (sizeof(volte_status_entries) / sizeof(volte_status_entries[0]))

unsigned volte_status_class(unsigned code)
{
    if (code < 100 || code > 699)
        return 0;
    return code / 100;
}

const char *volte_status_class_name(unsigned cls)
{
    static const char *const names[] = {
        NULL,
        "1xx Provisional",
        "2xx Success",
        "3xx Redirection",
        "4xx Client Failure",
        "5xx Server Failure",
        "6xx Global Failure",
    };

    if (cls < 1 || cls > 6)
        return NULL;
    return names[cls];
}

const char *volte_status_class_name_zh(unsigned cls)
{
    static const char *const names[] = {
        NULL,
        "临时响应",
        "成功响应",
        "重定向",
        "客户端错误",
        "服务器错误",
        "全局错误",
    };

    if (cls < 1 || cls > 6)
        return NULL;
    return names[cls];
}

/* RFC 3261 §8.1.3.2: an unknown final response counts as the x00 code of its
 * class, and an unknown provisional response other than 100 counts as 183. */
const char *volte_status_class_action(unsigned cls)
{
    static const char *const actions[] = {
        NULL,
        "treat it as 183: keep waiting for a final response",
        "treat it as 200: the request succeeded",
        "treat it as 300: retry at a Contact address if one is given",
        "treat it as 400: change the request before retrying",
        "treat it as 500: retry later or try another server",
        "treat it as 600: do not retry this request anywhere else",
    };

    if (cls < 1 || cls > 6)
        return NULL;
    return actions[cls];
}

const volte_status_entry *volte_status_lookup(unsigned code)
{
    size_t lo = 0, hi = VOLTE_STATUS_COUNT;

    if (volte_status_class(code) == 0)
        return NULL;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        unsigned here = volte_status_entries[mid].code;

        if (here == code)
            return &volte_status_entries[mid];
        if (here < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const volte_status_entry *volte_status_table(size_t *count)
{
    if (count != NULL)
        *count = VOLTE_STATUS_COUNT;
    return volte_status_entries;
}
