--
-- PostgreSQL database dump
--

\restrict gQkXLDBhbhL6BCvDzxb41vm0fGH97oBCIM9otaz2qcS34o7ZHzqrsaaaggwUxQs

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: apscheduler_jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.apscheduler_jobs (
    id character varying(191) NOT NULL,
    next_run_time double precision,
    job_state bytea NOT NULL
);


--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    actor character varying(120) NOT NULL,
    chat character varying(120) NOT NULL,
    action character varying(30) NOT NULL,
    documents json NOT NULL,
    detail text NOT NULL
);


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: chunks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chunks (
    id integer NOT NULL,
    document_id integer NOT NULL,
    ordinal integer NOT NULL,
    heading text NOT NULL,
    article character varying(200),
    section text,
    page integer,
    text text NOT NULL,
    embedding bytea,
    embedding_model character varying(300)
);


--
-- Name: chunks_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.chunks_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: chunks_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.chunks_id_seq OWNED BY public.chunks.id;


--
-- Name: collection_readers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.collection_readers (
    id integer NOT NULL,
    collection_id integer NOT NULL,
    kind character varying(10) NOT NULL,
    subject character varying(200) NOT NULL
);


--
-- Name: collection_readers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.collection_readers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: collection_readers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.collection_readers_id_seq OWNED BY public.collection_readers.id;


--
-- Name: collections; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.collections (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    sensitivity character varying(20) NOT NULL
);


--
-- Name: collections_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.collections_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: collections_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.collections_id_seq OWNED BY public.collections.id;


--
-- Name: deadline_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deadline_events (
    id integer NOT NULL,
    summary_id integer NOT NULL,
    due date,
    text text NOT NULL
);


--
-- Name: deadline_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.deadline_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: deadline_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.deadline_events_id_seq OWNED BY public.deadline_events.id;


--
-- Name: digest_deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.digest_deliveries (
    subscription_id integer NOT NULL,
    period_end timestamp with time zone NOT NULL,
    period_start timestamp with time zone NOT NULL,
    state character varying(10) NOT NULL,
    parts_sent integer NOT NULL,
    attempts integer NOT NULL,
    holder character varying(120) NOT NULL,
    claimed_at timestamp with time zone NOT NULL
);


--
-- Name: digest_subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.digest_subscriptions (
    id integer NOT NULL,
    platform character varying(20) NOT NULL,
    channel character varying(100) NOT NULL,
    schedule character varying(100) NOT NULL,
    timezone character varying(60) NOT NULL,
    weekdays_only boolean NOT NULL,
    skip_holidays boolean NOT NULL,
    language character varying(5) NOT NULL,
    scope character varying(10) NOT NULL,
    created_by character varying(100) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: digest_subscriptions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.digest_subscriptions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: digest_subscriptions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.digest_subscriptions_id_seq OWNED BY public.digest_subscriptions.id;


--
-- Name: document_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_events (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    action character varying(10) NOT NULL,
    title text NOT NULL,
    number character varying(100),
    collection character varying(100) NOT NULL
);


--
-- Name: document_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.document_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: document_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.document_events_id_seq OWNED BY public.document_events.id;


--
-- Name: documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.documents (
    id integer NOT NULL,
    collection_id integer NOT NULL,
    source character varying(1000) NOT NULL,
    title text NOT NULL,
    number character varying(100),
    content_hash character varying(64) NOT NULL,
    file_type character varying(10) NOT NULL,
    ingested_at timestamp without time zone NOT NULL
);


--
-- Name: documents_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.documents_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: documents_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.documents_id_seq OWNED BY public.documents.id;


--
-- Name: feedback_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.feedback_events (
    question_id integer NOT NULL,
    user_id character varying(100) NOT NULL,
    useful boolean NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: identities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.identities (
    platform character varying(20) NOT NULL,
    user_id character varying(100) NOT NULL,
    person_id integer NOT NULL
);


--
-- Name: inbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inbox (
    platform character varying(20) NOT NULL,
    key character varying(200) NOT NULL,
    state character varying(10) NOT NULL,
    claimed_at timestamp with time zone NOT NULL
);


--
-- Name: library_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.library_state (
    id integer NOT NULL,
    revision integer NOT NULL
);


--
-- Name: library_state_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.library_state_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: library_state_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.library_state_id_seq OWNED BY public.library_state.id;


--
-- Name: pending_files; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pending_files (
    code character varying(12) NOT NULL,
    name character varying(300) NOT NULL,
    file_type character varying(10) NOT NULL,
    sha256 character varying(64) NOT NULL,
    data bytea NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: people; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.people (
    id integer NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: people_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.people_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: people_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.people_id_seq OWNED BY public.people.id;


--
-- Name: person_roles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.person_roles (
    person_id integer NOT NULL,
    role character varying(20) NOT NULL
);


--
-- Name: question_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.question_events (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    platform character varying(20) NOT NULL,
    chat_id character varying(100) NOT NULL,
    user_id character varying(100) NOT NULL,
    language character varying(5) NOT NULL,
    question text NOT NULL,
    covered boolean NOT NULL,
    documents json NOT NULL,
    terms json NOT NULL
);


--
-- Name: question_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.question_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: question_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.question_events_id_seq OWNED BY public.question_events.id;


--
-- Name: scheduler_lease; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.scheduler_lease (
    name character varying(50) NOT NULL,
    holder character varying(100) NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


--
-- Name: summary_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.summary_events (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    platform character varying(20) NOT NULL,
    chat_id character varying(100) NOT NULL,
    user_id character varying(100) NOT NULL,
    title text NOT NULL,
    number character varying(100),
    issuer text,
    summary text
);


--
-- Name: summary_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.summary_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: summary_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.summary_events_id_seq OWNED BY public.summary_events.id;


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: chunks id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chunks ALTER COLUMN id SET DEFAULT nextval('public.chunks_id_seq'::regclass);


--
-- Name: collection_readers id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_readers ALTER COLUMN id SET DEFAULT nextval('public.collection_readers_id_seq'::regclass);


--
-- Name: collections id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collections ALTER COLUMN id SET DEFAULT nextval('public.collections_id_seq'::regclass);


--
-- Name: deadline_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deadline_events ALTER COLUMN id SET DEFAULT nextval('public.deadline_events_id_seq'::regclass);


--
-- Name: digest_subscriptions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.digest_subscriptions ALTER COLUMN id SET DEFAULT nextval('public.digest_subscriptions_id_seq'::regclass);


--
-- Name: document_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_events ALTER COLUMN id SET DEFAULT nextval('public.document_events_id_seq'::regclass);


--
-- Name: documents id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents ALTER COLUMN id SET DEFAULT nextval('public.documents_id_seq'::regclass);


--
-- Name: library_state id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.library_state ALTER COLUMN id SET DEFAULT nextval('public.library_state_id_seq'::regclass);


--
-- Name: people id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.people ALTER COLUMN id SET DEFAULT nextval('public.people_id_seq'::regclass);


--
-- Name: question_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.question_events ALTER COLUMN id SET DEFAULT nextval('public.question_events_id_seq'::regclass);


--
-- Name: summary_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_events ALTER COLUMN id SET DEFAULT nextval('public.summary_events_id_seq'::regclass);


--
-- Data for Name: apscheduler_jobs; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.apscheduler_jobs (id, next_run_time, job_state) FROM stdin;
digest-1	1796637600	\\x8005953c040000000000007d94288c0776657273696f6e944b018c026964948c086469676573742d31948c0466756e63948c1f7363686564756c65722e72756e6e65723a72756e5f6469676573745f6a6f62948c0774726967676572948c1961707363686564756c65722e74726967676572732e63726f6e948c0b43726f6e547269676765729493942981947d942868014b028c0874696d657a6f6e65948c086275696c74696e73948c07676574617474729493948c087a6f6e65696e666f948c085a6f6e65496e666f9493948c095f756e7069636b6c6594869452948c10417369612f486f5f4368695f4d696e68944b01869452948c0a73746172745f64617465944e8c08656e645f64617465944e8c066669656c6473945d94288c2061707363686564756c65722e74726967676572732e63726f6e2e6669656c6473948c09426173654669656c649493942981947d94288c046e616d65948c0479656172948c0a69735f64656661756c7494888c0b65787072657373696f6e73945d948c2561707363686564756c65722e74726967676572732e63726f6e2e65787072657373696f6e73948c0d416c6c45787072657373696f6e9493942981947d948c0473746570944e7362617562681d8c0a4d6f6e74684669656c649493942981947d942868228c056d6f6e74689468248868255d9468292981947d94682c4e7362617562681d8c0f4461794f664d6f6e74684669656c649493942981947d942868228c036461799468248868255d9468292981947d94682c4e7362617562681d8c095765656b4669656c649493942981947d942868228c047765656b9468248868255d9468292981947d94682c4e7362617562681d8c0e4461794f665765656b4669656c649493942981947d942868228c0b6461795f6f665f7765656b9468248968255d9468278c165765656b64617952616e676545787072657373696f6e9493942981947d9428682c4e8c056669727374944b008c046c617374944b047562617562681f2981947d942868228c04686f75729468248968255d9468278c0f52616e676545787072657373696f6e9493942981947d9428682c4e684f4b1168504b117562617562681f2981947d942868228c066d696e7574659468248968255d9468562981947d9428682c4e684f4b0068504b007562617562681f2981947d942868228c067365636f6e649468248868255d9468562981947d9428682c4e684f4b0068504b007562617562658c066a6974746572944e75628c086578656375746f72948c0764656661756c74948c0461726773944b0185948c066b7761726773947d9468228c0e72756e5f6469676573745f6a6f62948c126d6973666972655f67726163655f74696d65944d60548c08636f616c6573636594888c0d6d61785f696e7374616e636573944b018c0d6e6578745f72756e5f74696d65948c086461746574696d65948c086461746574696d65949394430a07ea0c0711000000000094681886945294752e
digest-2	1796979600	\\x8005953c040000000000007d94288c0776657273696f6e944b018c026964948c086469676573742d32948c0466756e63948c1f7363686564756c65722e72756e6e65723a72756e5f6469676573745f6a6f62948c0774726967676572948c1961707363686564756c65722e74726967676572732e63726f6e948c0b43726f6e547269676765729493942981947d942868014b028c0874696d657a6f6e65948c086275696c74696e73948c07676574617474729493948c087a6f6e65696e666f948c085a6f6e65496e666f9493948c095f756e7069636b6c6594869452948c10417369612f486f5f4368695f4d696e68944b01869452948c0a73746172745f64617465944e8c08656e645f64617465944e8c066669656c6473945d94288c2061707363686564756c65722e74726967676572732e63726f6e2e6669656c6473948c09426173654669656c649493942981947d94288c046e616d65948c0479656172948c0a69735f64656661756c7494888c0b65787072657373696f6e73945d948c2561707363686564756c65722e74726967676572732e63726f6e2e65787072657373696f6e73948c0d416c6c45787072657373696f6e9493942981947d948c0473746570944e7362617562681d8c0a4d6f6e74684669656c649493942981947d942868228c056d6f6e74689468248968255d9468292981947d94682c4e7362617562681d8c0f4461794f664d6f6e74684669656c649493942981947d942868228c036461799468248968255d9468292981947d94682c4e7362617562681d8c095765656b4669656c649493942981947d942868228c047765656b9468248868255d9468292981947d94682c4e7362617562681d8c0e4461794f665765656b4669656c649493942981947d942868228c0b6461795f6f665f7765656b9468248968255d9468278c165765656b64617952616e676545787072657373696f6e9493942981947d9428682c4e8c056669727374944b048c046c617374944b047562617562681f2981947d942868228c04686f75729468248968255d9468278c0f52616e676545787072657373696f6e9493942981947d9428682c4e684f4b1068504b107562617562681f2981947d942868228c066d696e7574659468248968255d9468562981947d9428682c4e684f4b0068504b007562617562681f2981947d942868228c067365636f6e649468248868255d9468562981947d9428682c4e684f4b0068504b007562617562658c066a6974746572944e75628c086578656375746f72948c0764656661756c74948c0461726773944b0285948c066b7761726773947d9468228c0e72756e5f6469676573745f6a6f62948c126d6973666972655f67726163655f74696d65944d60548c08636f616c6573636594888c0d6d61785f696e7374616e636573944b018c0d6e6578745f72756e5f74696d65948c086461746574696d65948c086461746574696d65949394430a07ea0c0b10000000000094681886945294752e
\.


--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit_log (id, at, actor, chat, action, documents, detail) FROM stdin;
1	2026-12-04 21:16:39.225626+07	cli:vanthu		ingest	["Ngh\\u1ecb \\u0111\\u1ecbnh Quy \\u0111\\u1ecbnh chi ti\\u1ebft th\\u1ee7 t\\u1ee5c \\u0111\\u0103ng k\\u00fd khai sinh v\\u00e0 c\\u1ea5p b\\u1ea3n sao tr\\u00edch l\\u1ee5c khai sinh"]	added
2	2026-12-04 21:16:39.269485+07	cli:vanthu		ingest	["H\\u01b0\\u1edbng d\\u1eabn Th\\u1ee7 t\\u1ee5c \\u0111\\u0103ng k\\u00fd k\\u1ebft h\\u00f4n t\\u1ea1i B\\u1ed9 ph\\u1eadn m\\u1ed9t c\\u1eeda ph\\u01b0\\u1eddng"]	added
3	2026-12-04 21:16:39.433321+07	cli:vanthu		ingest	["Quy ch\\u1ebf C\\u00f4ng t\\u00e1c v\\u0103n th\\u01b0 n\\u1ed9i b\\u1ed9 t\\u1ea1i c\\u01a1 quan \\u1ee6y ban nh\\u00e2n d\\u00e2n ph\\u01b0\\u1eddng"]	added
4	2026-12-04 21:16:39.467912+07	cli:vanthu		ingest	["Regulation: Annual Leave and Other Leave of Cadres, Civil Servants and Employees"]	added
5	2026-12-04 21:16:40.001445+07	settings		access	[]	grant telegram:1001 admin
6	2026-12-04 21:16:40.152846+07	telegram:1002	telegram:-1001234567	question	["Ngh\\u1ecb \\u0111\\u1ecbnh 45/2024/N\\u0110-CP"]	Thủ tục đăng ký khai sinh cần những giấy tờ gì?
7	2026-12-04 21:16:40.205509+07	telegram:1002	telegram:-1001234567	summary	[]	125
8	2026-12-04 21:16:40.497985+07	scheduler	telegram:-1001234567	digest_sent	[]	2 parts
\.


--
-- Data for Name: chunks; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.chunks (id, document_id, ordinal, heading, article, section, page, text, embedding, embedding_model) FROM stdin;
1	1	0	Điều 1. Phạm vi điều chỉnh	Điều 1	Chương I. QUY ĐỊNH CHUNG	\N	Điều 1. Phạm vi điều chỉnh\n1. Nghị định này quy định thẩm quyền, hồ sơ, trình tự đăng ký khai sinh cho trẻ em là công dân Việt Nam sinh ra và cư trú tại Việt Nam.\n2. Nghị định này cũng quy định việc liên thông thủ tục đăng ký khai sinh với đăng ký thường trú, cấp thẻ bảo hiểm y tế và việc cấp bản sao trích lục khai sinh.	\\x80648c3e80648c3ecca0e03db38cc43e8c6e9a3e9978283f8c6e9a3e80648c3e	hash-8
2	1	1	Điều 2. Thẩm quyền đăng ký khai sinh	Điều 2	Chương I. QUY ĐỊNH CHUNG	\N	Điều 2. Thẩm quyền đăng ký khai sinh\n1. Ủy ban nhân dân cấp xã nơi cư trú của người cha hoặc người mẹ thực hiện đăng ký khai sinh cho trẻ em.\n2. Trường hợp không xác định được nơi cư trú của cha, mẹ thì Ủy ban nhân dân cấp xã nơi trẻ em đang sinh sống thực tế thực hiện đăng ký khai sinh.\n3. Trẻ em bị bỏ rơi được đăng ký khai sinh tại Ủy ban nhân dân cấp xã nơi phát hiện trẻ bị bỏ rơi.	\\x7b37ec3eef0dae3ecec1883ec5c8df3e30a6783e0f5ad33e5aebc63eef0d2e3e	hash-8
3	1	2	Điều 3. Thời hạn đi đăng ký khai sinh	Điều 3	Chương I. QUY ĐỊNH CHUNG	\N	Điều 3. Thời hạn đi đăng ký khai sinh\n1. Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con.\n2. Trường hợp cha, mẹ không thể đi đăng ký khai sinh cho con thì ông, bà hoặc người thân thích khác, cá nhân, tổ chức đang nuôi dưỡng trẻ em có trách nhiệm đăng ký khai sinh.\n3. Công chức tư pháp - hộ tịch có trách nhiệm thường xuyên kiểm tra, đôn đốc việc đăng ký khai sinh đúng hạn trên địa bàn.	\\x03afbc3e03af3c3e03af3c3eca9d073f03afbc3ee444d43e2319a53e2319a53e	hash-8
4	1	3	Điều 4. Giấy tờ phải nộp và xuất trình	Điều 4	Chương II. HỒ SƠ VÀ TRÌNH TỰ ĐĂNG KÝ	\N	Điều 4. Giấy tờ phải nộp và xuất trình\n1. Người đi đăng ký khai sinh nộp Tờ khai đăng ký khai sinh theo mẫu và Giấy chứng sinh do cơ sở y tế nơi trẻ em sinh ra cấp.\n2. Trường hợp trẻ sinh ở nhà hoặc ngoài cơ sở y tế, không có Giấy chứng sinh thì nộp văn bản xác nhận của người làm chứng về việc sinh; nếu không có người làm chứng thì người đi đăng ký phải lập giấy cam đoan về việc sinh là có thật.\n3. Trường hợp trẻ em bị bỏ rơi thì nộp biên bản xác nhận việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.\n4. Nếu cha, mẹ của trẻ đã đăng ký kết hôn thì người đi đăng ký xuất trình Giấy chứng nhận kết hôn, trừ trường hợp thông tin đã có trong cơ sở dữ liệu hộ tịch điện tử.	\\xec96733e0bdb9f3e533e183e9ca1103f34faeb3e0bdb9f3ee84dbe3eec96733e	hash-8
5	1	4	Điều 5. Trình tự giải quyết	Điều 5	Chương II. HỒ SƠ VÀ TRÌNH TỰ ĐĂNG KÝ	\N	Điều 5. Trình tự giải quyết\n1. Ngay sau khi nhận đủ giấy tờ, nếu thấy thông tin khai sinh đầy đủ và phù hợp, công chức tư pháp - hộ tịch ghi nội dung khai sinh vào Sổ hộ tịch và cập nhật vào cơ sở dữ liệu hộ tịch điện tử.\n2. Người đi đăng ký khai sinh kiểm tra nội dung và cùng ký vào Sổ hộ tịch; Chủ tịch Ủy ban nhân dân cấp xã cấp bản chính Giấy khai sinh cho người được đăng ký khai sinh.\n3. Hồ sơ nhận trước 15 giờ được giải quyết và trả kết quả ngay trong ngày; hồ sơ nhận sau 15 giờ được trả kết quả trong ngày làm việc tiếp theo.\n4. Trẻ em được cấp số định danh cá nhân đồng thời với việc đăng ký khai sinh.	\\x55c2ad3e55c2ad3efbb1933eaed2c73ec051023fc051823e7372b63efbb1933e	hash-8
6	1	5	Điều 6. Đăng ký khai sinh cho trẻ chưa xác định được cha hoặc mẹ	Điều 6	Chương II. HỒ SƠ VÀ TRÌNH TỰ ĐĂNG KÝ	\N	Điều 6. Đăng ký khai sinh cho trẻ chưa xác định được cha hoặc mẹ\n1. Trường hợp chưa xác định được cha thì phần ghi về cha trong Sổ hộ tịch và Giấy khai sinh để trống; họ, dân tộc, quê quán, quốc tịch của trẻ được xác định theo người mẹ.\n2. Nếu vào thời điểm đăng ký khai sinh có người yêu cầu nhận con thì Ủy ban nhân dân cấp xã kết hợp giải quyết việc nhận cha, con và đăng ký khai sinh.	\\xc2a0a83e16a89b3e16a89b3ec88acf3e6f99b53e217ce93e7483dc3e16a81b3e	hash-8
7	1	6	Điều 7. Lệ phí đăng ký khai sinh	Điều 7	Chương III. LIÊN THÔNG VÀ TRÍCH LỤC	\N	Điều 7. Lệ phí đăng ký khai sinh\n1. Miễn lệ phí đăng ký khai sinh đúng hạn quy định tại Điều 3 của Nghị định này.\n2. Trường hợp đăng ký khai sinh quá hạn thì không thu lệ phí nhưng người đi đăng ký phải nộp văn bản giải trình lý do chậm đăng ký.	\\x62b5673e8f81253ea667843e6d28d73e9bf4943e840e363f62b5673e799b463e	hash-8
8	1	7	Điều 8. Liên thông thủ tục khai sinh, thường trú, bảo hiểm y tế	Điều 8	Chương III. LIÊN THÔNG VÀ TRÍCH LỤC	\N	Điều 8. Liên thông thủ tục khai sinh, thường trú, bảo hiểm y tế\n1. Đối với trẻ em dưới 6 tuổi, người đi đăng ký có thể nộp một bộ hồ sơ liên thông để đồng thời đăng ký khai sinh, đăng ký thường trú và cấp thẻ bảo hiểm y tế.\n2. Thời hạn giải quyết hồ sơ liên thông là 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.\n3. Kết quả được trả qua tài khoản dịch vụ công của người đi đăng ký hoặc trực tiếp tại Bộ phận một cửa theo lựa chọn của người đi đăng ký.	\\x24bdb93e191c833e2e5e703e22d0ae3e191c033f2c71e53e20e3a33e191c833e	hash-8
9	1	8	Điều 9. Cấp bản sao trích lục khai sinh	Điều 9	Chương III. LIÊN THÔNG VÀ TRÍCH LỤC	\N	Điều 9. Cấp bản sao trích lục khai sinh\n1. Người có yêu cầu được cấp bản sao trích lục khai sinh tại bất kỳ Ủy ban nhân dân cấp xã nào đã kết nối cơ sở dữ liệu hộ tịch điện tử.\n2. Phí cấp bản sao trích lục khai sinh là 8.000 đồng/bản; bản sao được cấp ngay trong ngày nhận yêu cầu.	\\x7b283d3e3aaf5c3e7b28bd3e0cc0153f7b283d3edaebcc3e3aafdc3ef9357c3e	hash-8
10	1	9	Điều 10. Hiệu lực thi hành	Điều 10	Chương IV. ĐIỀU KHOẢN THI HÀNH	\N	Điều 10. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2024.\n2. Bộ trưởng Bộ Tư pháp, Chủ tịch Ủy ban nhân dân các cấp chịu trách nhiệm thi hành Nghị định này.\nTM. CHÍNH PHỦ\n(đã ký)\nGhi chú: Văn bản mẫu dùng để thử nghiệm phần mềm, nội dung mang tính giả định.	\\x54a68f3e7088bf3e6792af3e7088bf3e5d9c1f3e4fab073f7088bf3e54a68f3e	hash-8
11	2	0	Điều 1. Phạm vi áp dụng	Điều 1	Chương I. QUY ĐỊNH CHUNG	\N	Điều 1. Phạm vi áp dụng\n1. Hướng dẫn này áp dụng đối với việc đăng ký kết hôn giữa công dân Việt Nam với nhau cùng cư trú ở trong nước.\n2. Ủy ban nhân dân phường Phú Lợi thực hiện đăng ký kết hôn khi một trong hai bên nam, nữ cư trú trên địa bàn phường.\n3. Việc đăng ký kết hôn có yếu tố nước ngoài không thuộc phạm vi Hướng dẫn này.	\\x26a6533ed869b53e75e2713e892d973e4e80003f75e2f13e26a6d33e26a6533e	hash-8
12	2	1	Điều 2. Điều kiện kết hôn	Điều 2	Chương I. QUY ĐỊNH CHUNG	\N	Điều 2. Điều kiện kết hôn\n1. Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên.\n2. Việc kết hôn do hai bên nam, nữ tự nguyện quyết định; hai bên không bị mất năng lực hành vi dân sự.\n3. Không thuộc các trường hợp cấm kết hôn sau đây:\na) Kết hôn giả tạo, tảo hôn, cưỡng ép kết hôn;\nb) Người đang có vợ hoặc có chồng;\nc) Giữa những người cùng dòng máu về trực hệ hoặc có họ trong phạm vi ba đời.	\\xaceb633e0fefbd3e73f2173e0fefbd3eacebe33e8645b13ee9480b3f99984a3e	hash-8
13	2	2	Điều 3. Giấy tờ cần nộp khi đăng ký kết hôn	Điều 3	Chương II. HỒ SƠ VÀ TRÌNH TỰ	\N	Điều 3. Giấy tờ cần nộp khi đăng ký kết hôn\n1. Hai bên nam, nữ nộp một Tờ khai đăng ký kết hôn theo mẫu, có chữ ký của cả hai bên.\n2. Bên nam hoặc bên nữ không cư trú tại phường Phú Lợi phải nộp Giấy xác nhận tình trạng hôn nhân do Ủy ban nhân dân cấp xã nơi mình cư trú cấp.\n3. Người đã ly hôn hoặc hủy việc kết hôn trái pháp luật phải nộp bản sao trích lục bản án, quyết định ly hôn đã có hiệu lực pháp luật.\n4. Khi nộp hồ sơ, hai bên xuất trình thẻ căn cước hoặc hộ chiếu còn giá trị sử dụng.	\\xf82b843ef82b843e57574b3e932cc13e2d2dfe3e5757cb3ef82b043f6802f43d	hash-8
14	2	3	Điều 4. Giấy xác nhận tình trạng hôn nhân	Điều 4	Chương II. HỒ SƠ VÀ TRÌNH TỰ	\N	Điều 4. Giấy xác nhận tình trạng hôn nhân\n1. Giấy xác nhận tình trạng hôn nhân được cấp trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ yêu cầu.\n2. Giấy xác nhận tình trạng hôn nhân có giá trị sử dụng 06 tháng kể từ ngày cấp và chỉ được dùng cho mục đích đã ghi trong giấy.\n3. Giấy xác nhận đã hết thời hạn 06 tháng thì người yêu cầu phải xin cấp lại và nộp lại giấy cũ.	\\x28af213e6c28af3e3694573ef31aca3ebd86f23ee535943e43790d3f3694573e	hash-8
15	2	4	Điều 5. Thời hạn giải quyết	Điều 5	Chương II. HỒ SƠ VÀ TRÌNH TỰ	\N	Điều 5. Thời hạn giải quyết\n1. Ngay sau khi nhận đủ giấy tờ, nếu thấy hai bên đủ điều kiện kết hôn, công chức tư pháp - hộ tịch ghi việc kết hôn vào Sổ hộ tịch và trình Chủ tịch Ủy ban nhân dân phường ký Giấy chứng nhận kết hôn ngay trong ngày.\n2. Trường hợp cần xác minh điều kiện kết hôn thì thời hạn giải quyết không quá 05 ngày làm việc.\n3. Hai bên nam, nữ phải cùng có mặt khi đăng ký kết hôn, cùng ký vào Sổ hộ tịch và Giấy chứng nhận kết hôn.	\\x44c45e3eab3a0b3f707d483e3313a73e5fcc103f707d483e075abd3ef6a8053e	hash-8
16	2	5	Điều 6. Lệ phí	Điều 6	Chương II. HỒ SƠ VÀ TRÌNH TỰ	\N	Điều 6. Lệ phí\n1. Miễn lệ phí đăng ký kết hôn đối với công dân Việt Nam cư trú trong nước.\n2. Phí cấp bản sao trích lục kết hôn là 5.000 đồng/bản.\n3. Khoản phí được nộp tại quầy thu của Bộ phận một cửa hoặc thanh toán trực tuyến; người nộp được cấp biên lai.	\\x613c333e21ee7a3ef14fa13e613c333eb101e93eb101e93eb959183f4115d73d	hash-8
17	2	6	Điều 7. Từ chối đăng ký kết hôn	Điều 7	Chương II. HỒ SƠ VÀ TRÌNH TỰ	\N	Điều 7. Từ chối đăng ký kết hôn\n1. Trường hợp hai bên không đủ điều kiện kết hôn, công chức tư pháp - hộ tịch báo cáo Chủ tịch Ủy ban nhân dân phường.\n2. Trong thời hạn 02 ngày làm việc, Ủy ban nhân dân phường thông báo từ chối bằng văn bản cho hai bên, nêu rõ lý do từ chối.\n3. Người bị từ chối có quyền khiếu nại hoặc khởi kiện theo quy định của pháp luật.	\\xc0db823e8804bd3ef265913eb98ecb3e1da3e83ef265913e4f2df73eb98e4b3e	hash-8
18	2	7	Điều 8. Trao Giấy chứng nhận kết hôn	Điều 8	Chương II. HỒ SƠ VÀ TRÌNH TỰ	\N	Điều 8. Trao Giấy chứng nhận kết hôn\n1. Giấy chứng nhận kết hôn được trao trực tiếp cho hai bên nam, nữ tại Bộ phận một cửa hoặc tại lễ trao giấy do phường tổ chức.\n2. Trong thời hạn 60 ngày kể từ ngày Chủ tịch Ủy ban nhân dân phường ký Giấy chứng nhận kết hôn, nếu hai bên không đến nhận thì Giấy chứng nhận kết hôn bị hủy.\n3. Sau khi Giấy chứng nhận kết hôn bị hủy, nếu vẫn muốn kết hôn thì hai bên phải làm lại thủ tục đăng ký kết hôn từ đầu.	\\x2ab91f3e66fefa3ec85b4d3e8250943ed6041a3f2ab99f3ed121ab3ec85b4d3e	hash-8
19	2	8	Điều 9. Trách nhiệm thực hiện	Điều 9	Chương III. TỔ CHỨC THỰC HIỆN	\N	Điều 9. Trách nhiệm thực hiện\n1. Công chức tư pháp - hộ tịch có trách nhiệm niêm yết Hướng dẫn này tại Bộ phận một cửa và hướng dẫn người dân kê khai tờ khai.\n2. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường bố trí phòng trao Giấy chứng nhận kết hôn trang trọng vào sáng thứ Sáu hằng tuần.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(đã ký)\nPhạm Văn Tùng\nGhi chú: Văn bản mẫu dùng để thử nghiệm phần mềm, nội dung mang tính giả định.	\\x27ec813e4adaf63e2bea8e3e32e6a83e36e4b53e36e4b53e42dedc3e2bea8e3e	hash-8
20	3	0	Điều 1. Phạm vi điều chỉnh	Điều 1	Chương I. QUY ĐỊNH CHUNG	\N	Điều 1. Phạm vi điều chỉnh\n1. Quy chế này quy định việc soạn thảo, ký, phát hành văn bản đi; tiếp nhận, xử lý văn bản đến; quản lý con dấu và lập hồ sơ công việc tại cơ quan Ủy ban nhân dân phường Thanh Sơn.\n2. Quy chế áp dụng đối với lãnh đạo Ủy ban nhân dân phường, công chức văn thư và toàn thể cán bộ, công chức, người lao động của cơ quan.	\N	\N
21	3	1	Điều 2. Trách nhiệm đối với công tác văn thư	Điều 2	Chương I. QUY ĐỊNH CHUNG	\N	Điều 2. Trách nhiệm đối với công tác văn thư\n1. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường giúp Chủ tịch chỉ đạo, kiểm tra công tác văn thư của cơ quan.\n2. Công chức văn thư trực tiếp đăng ký, phát hành văn bản, quản lý sổ sách và con dấu của cơ quan.\n3. Mỗi cán bộ, công chức chịu trách nhiệm lập hồ sơ đối với công việc mình được giao giải quyết.	\N	\N
22	3	2	Điều 3. Soạn thảo và kiểm tra thể thức văn bản	Điều 3	Chương II. VĂN BẢN ĐI	\N	Điều 3. Soạn thảo và kiểm tra thể thức văn bản\n1. Người được giao soạn thảo chịu trách nhiệm về nội dung dự thảo và ghi rõ ký hiệu người soạn thảo, số lượng bản phát hành tại phần nơi nhận.\n2. Văn bản phải trình bày bằng phông chữ Times New Roman, cỡ chữ phần nội dung từ 13 đến 14, trên khổ giấy A4.\n3. Trước khi trình ký, Văn phòng kiểm tra thể thức, kỹ thuật trình bày trong thời hạn 01 ngày làm việc kể từ khi nhận dự thảo.	\N	\N
23	3	3	Điều 4. Ký ban hành văn bản	Điều 4	Chương II. VĂN BẢN ĐI	\N	Điều 4. Ký ban hành văn bản\n1. Chủ tịch Ủy ban nhân dân phường ký tất cả văn bản của cơ quan; Phó Chủ tịch được ký thay (KT. CHỦ TỊCH) các văn bản thuộc lĩnh vực được phân công.\n2. Không ký văn bản bằng bút chì, bút mực màu đỏ hoặc loại mực dễ phai.\n3. Văn bản điện tử được ký bằng chữ ký số của người có thẩm quyền và chữ ký số của cơ quan theo quy định.	\N	\N
24	3	4	Điều 5. Đăng ký, đóng dấu và phát hành văn bản đi	Điều 5	Chương II. VĂN BẢN ĐI	\N	Điều 5. Đăng ký, đóng dấu và phát hành văn bản đi\n1. Văn bản đi được đánh số theo hệ thống số chung của cơ quan, bắt đầu từ số 01 vào ngày 01 tháng 01 và kết thúc vào ngày 31 tháng 12 hằng năm.\n2. Văn bản đi phải được phát hành ngay trong ngày ký hoặc chậm nhất trong ngày làm việc tiếp theo; văn bản có độ khẩn "Hỏa tốc" phải được phát hành ngay sau khi ký.\n3. Văn thư lưu 01 bản chính văn bản đi có chữ ký trực tiếp và đóng dấu; bản lưu được sắp xếp theo thứ tự số đăng ký.	\N	\N
25	3	5	Điều 6. Quản lý và sử dụng con dấu	Điều 6	Chương II. VĂN BẢN ĐI	\N	Điều 6. Quản lý và sử dụng con dấu\n1. Con dấu của cơ quan được giao cho công chức văn thư quản lý và phải được cất giữ trong tủ có khóa tại trụ sở cơ quan.\n2. Nghiêm cấm đóng dấu vào giấy trắng hoặc đóng dấu khống chỉ; chỉ đóng dấu lên văn bản đã có chữ ký của người có thẩm quyền.\n3. Không được mang con dấu ra khỏi trụ sở cơ quan, trừ trường hợp được Chủ tịch Ủy ban nhân dân phường đồng ý bằng văn bản; khi mang ra ngoài phải có ít nhất 02 người đi cùng.	\N	\N
26	3	6	Điều 7. Tiếp nhận và trình văn bản đến	Điều 7	Chương III. VĂN BẢN ĐẾN	\N	Điều 7. Tiếp nhận và trình văn bản đến\n1. Văn bản đến phải được văn thư tiếp nhận, đăng ký vào Sổ đăng ký văn bản đến hoặc hệ thống quản lý văn bản điện tử ngay trong ngày nhận.\n2. Văn bản đến được trình Chánh Văn phòng cho ý kiến phân phối chậm nhất trong ngày làm việc tiếp theo; văn bản khẩn được trình ngay sau khi nhận.\n3. Văn bản đến gửi nhầm địa chỉ thì văn thư chuyển trả lại nơi gửi hoặc chuyển đến đúng nơi nhận.	\N	\N
27	3	7	Điều 8. Thời hạn xử lý văn bản đến	Điều 8	Chương III. VĂN BẢN ĐẾN	\N	Điều 8. Thời hạn xử lý văn bản đến\n1. Văn bản đến có ghi thời hạn giải quyết thì phải xử lý đúng thời hạn ghi trong văn bản.\n2. Văn bản đến không ghi thời hạn giải quyết thì phải được xử lý trong thời hạn tối đa 07 ngày làm việc kể từ ngày được giao.\n3. Trường hợp không thể giải quyết đúng hạn, công chức được giao phải báo cáo lý do bằng văn bản với Chánh Văn phòng trước khi hết hạn ít nhất 01 ngày làm việc.	\N	\N
28	3	8	Điều 9. Lập hồ sơ và nộp lưu hồ sơ	Điều 9	Chương IV. LẬP HỒ SƠ VÀ NỘP LƯU	\N	Điều 9. Lập hồ sơ và nộp lưu hồ sơ\n1. Trong tháng 01 hằng năm, Văn phòng ban hành Danh mục hồ sơ của cơ quan làm căn cứ để cán bộ, công chức lập hồ sơ công việc.\n2. Trong thời hạn 01 năm kể từ ngày công việc kết thúc, cán bộ, công chức phải nộp hồ sơ vào Lưu trữ cơ quan.\n3. Cán bộ, công chức nghỉ hưu, thôi việc hoặc chuyển công tác phải bàn giao toàn bộ hồ sơ, tài liệu đang giữ cho Văn phòng trước khi nghỉ.	\N	\N
29	3	9	Điều 10. Hiệu lực thi hành	Điều 10	Chương V. ĐIỀU KHOẢN THI HÀNH	\N	Điều 10. Hiệu lực thi hành\n1. Quy chế này có hiệu lực kể từ ngày ký ban hành.\n2. Trong quá trình thực hiện, nếu có vướng mắc, các bộ phận phản ánh về Văn phòng để tổng hợp, trình Chủ tịch Ủy ban nhân dân phường xem xét sửa đổi, bổ sung.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(đã ký)\nHoàng Thị Mai\nGhi chú: Văn bản mẫu dùng để thử nghiệm phần mềm, nội dung mang tính giả định.	\N	\N
30	4	0	Article 1. Scope and application	Article 1	Chapter 1. GENERAL PROVISIONS	\N	Article 1. Scope and application\n1. This Regulation sets out the entitlement to annual leave, personal leave, unpaid leave and sick leave, and the procedure for requesting leave, at the Binh Minh Commune People's Committee.\n2. It applies to cadres, civil servants and contract employees working at the Committee.	\N	\N
31	4	1	Article 2. Annual leave entitlement	Article 2	Chapter 1. GENERAL PROVISIONS	\N	Article 2. Annual leave entitlement\n1. A civil servant working under normal conditions is entitled to 12 working days of paid annual leave per year.\n2. One additional day of annual leave is granted for every 5 full years of service with the state.\n3. Staff who have worked for less than 12 months in the year are entitled to annual leave in proportion to the number of months worked.	\N	\N
32	4	2	Article 3. Requesting leave	Article 3	Chapter 2. PROCEDURES	\N	Article 3. Requesting leave\n1. Staff submit a leave request form through the internal document system at least 3 working days before the first day of leave.\n2. For leave of more than 5 consecutive working days, the request must be submitted at least 10 working days in advance.\n3. Before going on leave, the staff member hands over pending work to a colleague designated by the Chief of Office and states the handover in the request form.	\N	\N
33	4	3	Article 4. Approval authority	Article 4	Chapter 2. PROCEDURES	\N	Article 4. Approval authority\n1. The Chief of Office approves leave of up to 3 working days for civil servants and employees.\n2. Leave of more than 3 working days, and all leave of section heads, is approved by the Chairperson.\n3. Leave of the Vice-Chairpersons is approved by the Chairperson; leave of the Chairperson is reported in advance to the higher-level authority.	\N	\N
34	4	4	Article 5. Personal leave with full pay	Article 5	Chapter 2. PROCEDURES	\N	Article 5. Personal leave with full pay\n1. Staff are entitled to personal leave with full pay in the following cases:\n(a) their own marriage: 3 working days;\n(b) marriage of a child: 1 working day;\n(c) death of a parent, parent-in-law, spouse or child: 3 working days.\n2. Personal leave with full pay is not deducted from annual leave.	\N	\N
35	4	5	Article 6. Unpaid leave	Article 6	Chapter 2. PROCEDURES	\N	Article 6. Unpaid leave\n1. Staff may take 1 day of unpaid leave upon the death of a grandparent or sibling, or the marriage of a parent or sibling, after notifying the Chief of Office.\n2. Other unpaid leave of up to 30 days per year may be granted by the Chairperson where it does not affect the work of the Committee.	\N	\N
36	4	6	Article 7. Sick leave and maternity leave	Article 7	Chapter 2. PROCEDURES	\N	Article 7. Sick leave and maternity leave\n1. Staff who are sick must notify the Chief of Office on the first day of absence by telephone or message.\n2. The medical certificate for social insurance purposes must be submitted to the Office within 5 working days after returning to work.\n3. Maternity leave is 6 months and is granted in accordance with the law on social insurance; the staff member submits the request together with the expected date of birth.	\N	\N
37	4	7	Article 8. Carry-over of unused leave	Article 8	Chapter 2. PROCEDURES	\N	Article 8. Carry-over of unused leave\n1. Annual leave not taken in a year may be carried over only until 31 March of the following year.\n2. Annual leave not taken by 31 March of the following year is forfeited, unless it could not be taken because of a written work assignment.	\N	\N
38	4	8	Article 9. Suspension and recall	Article 9	Chapter 2. PROCEDURES	\N	Article 9. Suspension and recall\n1. During elections, natural disasters, epidemics or other emergencies, the Chairperson may suspend approved leave or recall staff who are on leave.\n2. Staff who are recalled keep the untaken days of their leave and may take them later in the same year, with travel costs reimbursed by the Committee.	\N	\N
39	4	9	Article 10. Entry into force	Article 10	Chapter 3. FINAL PROVISIONS	\N	Article 10. Entry into force\n1. This Regulation takes effect on 1 February 2025.\n2. The Office keeps a leave register for each staff member and publishes the annual leave plan of the Committee before 31 January each year.\nCHAIRPERSON\n(signed)\nDo Thanh Binh\nNote: Sample document for software testing; the content is fictitious.	\N	\N
\.


--
-- Data for Name: collection_readers; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.collection_readers (id, collection_id, kind, subject) FROM stdin;
1	2	role	staff
2	2	person	2
3	1	chat	telegram:-1001234567
\.


--
-- Data for Name: collections; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.collections (id, name, sensitivity) FROM stdin;
1	mau	public
2	noi-bo	confidential
\.


--
-- Data for Name: deadline_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deadline_events (id, summary_id, due, text) FROM stdin;
1	1	2026-12-15	trước ngày 15/12/2026
2	1	\N	khi có yêu cầu
\.


--
-- Data for Name: digest_deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.digest_deliveries (subscription_id, period_end, period_start, state, parts_sent, attempts, holder, claimed_at) FROM stdin;
1	2026-12-03 17:00:00+07	2026-12-02 17:00:00+07	sent	2	0	release-host:4242:abcd1234#9bb0d2f9	2026-12-04 21:16:40.413727+07
1	2026-12-04 17:00:00+07	2026-12-03 17:00:00+07	skipped	0	0	release-host:4242:abcd1234#7d5fc920	2026-12-04 21:16:40.437585+07
2	2026-12-03 17:00:00+07	2026-11-26 17:00:00+07	claimed	1	0	release-host:4242:abcd1234#708913a3	2026-12-04 21:16:40.481857+07
\.


--
-- Data for Name: digest_subscriptions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.digest_subscriptions (id, platform, channel, schedule, timezone, weekdays_only, skip_holidays, language, scope, created_by, created_at) FROM stdin;
1	telegram	-1001234567	17:00	Asia/Ho_Chi_Minh	t	t	vi	chat	telegram:1001	2026-12-04 21:16:40.295283+07
2	slack	C0LEAD	0 16 * * fri	Asia/Ho_Chi_Minh	f	t	en	office	slack:U0LEADER	2026-12-04 21:16:40.32586+07
\.


--
-- Data for Name: document_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.document_events (id, at, action, title, number, collection) FROM stdin;
1	2026-12-04 21:16:39.202216+07	added	Nghị định Quy định chi tiết thủ tục đăng ký khai sinh và cấp bản sao trích lục khai sinh	45/2024/NĐ-CP	mau
2	2026-12-04 21:16:39.257964+07	added	Hướng dẫn Thủ tục đăng ký kết hôn tại Bộ phận một cửa phường	05/HD-UBND	mau
3	2026-12-04 21:16:39.431556+07	added	Quy chế Công tác văn thư nội bộ tại cơ quan Ủy ban nhân dân phường	07/QC-UBND	noi-bo
4	2026-12-04 21:16:39.461946+07	added	Regulation: Annual Leave and Other Leave of Cadres, Civil Servants and Employees	09/QC-UBND	noi-bo
5	2026-12-04 21:16:39.477731+07	removed	Quy định cũ về lưu trữ hồ sơ	\N	noi-bo
\.


--
-- Data for Name: documents; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.documents (id, collection_id, source, title, number, content_hash, file_type, ingested_at) FROM stdin;
1	1	/tmp/vanthu-release-jw0fp3q2/release/bot/samples/nd-45-2024-dang-ky-khai-sinh.md	Nghị định Quy định chi tiết thủ tục đăng ký khai sinh và cấp bản sao trích lục khai sinh	45/2024/NĐ-CP	a34ab40e64bdc2869a6fd89e44637c35bf583659eed486dcfdabfdcaf97dbe10	md	2026-12-04 21:16:39.008286
2	1	/tmp/vanthu-release-jw0fp3q2/release/bot/samples/huong-dan-dang-ky-ket-hon.txt	Hướng dẫn Thủ tục đăng ký kết hôn tại Bộ phận một cửa phường	05/HD-UBND	6eea46d9c46e8f5b979608954067bd68b3471aff181849bdd93edb132e828e86	txt	2026-12-04 21:16:39.076968
3	2	/tmp/vanthu-release-jw0fp3q2/release/bot/samples/quy-che-cong-tac-van-thu.md	Quy chế Công tác văn thư nội bộ tại cơ quan Ủy ban nhân dân phường	07/QC-UBND	d26cb7e6a7b65172bbf4be3868b18a0eaef39cd6aad8a69e04828df40326a326	md	2026-12-04 21:16:39.372863
4	2	/tmp/vanthu-release-jw0fp3q2/release/bot/samples/staff-leave-regulation.txt	Regulation: Annual Leave and Other Leave of Cadres, Civil Servants and Employees	09/QC-UBND	022ea27e2d71d148475be6ac9c74a87c0b161401ef85c1312c650cf44e9282b5	txt	2026-12-04 21:16:39.391254
\.


--
-- Data for Name: feedback_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.feedback_events (question_id, user_id, useful, at) FROM stdin;
1	1002	t	2026-12-04 21:16:40.118578+07
1	1001	f	2026-12-04 21:16:40.129701+07
3	U0LEADER	t	2026-12-04 21:16:40.145285+07
\.


--
-- Data for Name: identities; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.identities (platform, user_id, person_id) FROM stdin;
telegram	1001	1
telegram	1002	2
slack	U0NGUYEN	2
slack	U0LEADER	4
\.


--
-- Data for Name: inbox; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.inbox (platform, key, state, claimed_at) FROM stdin;
telegram	update:9001	done	2026-12-04 21:16:40.216111+07
slack	Ev0123ABCD	claimed	2026-12-04 21:16:40.234465+07
\.


--
-- Data for Name: library_state; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.library_state (id, revision) FROM stdin;
1	4
\.


--
-- Data for Name: pending_files; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.pending_files (code, name, file_type, sha256, data, at) FROM stdin;
362c0884	công văn 125.txt	txt	9c49f3f50f55daa97734be2934ae1f3cec2cf32cbeeec5aa8de1846f0baa003f	\\x4bc3ad6e682067e1bbad693a2063c3a1632073e1bb9f2c206e67c3a06e682e0a	2026-12-04 21:16:40.263016+07
\.


--
-- Data for Name: people; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.people (id, created_at) FROM stdin;
1	2026-12-04 21:16:39.530864
2	2026-12-04 21:16:39.60238
4	2026-12-04 21:16:39.774511
\.


--
-- Data for Name: person_roles; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.person_roles (person_id, role) FROM stdin;
1	admin
2	staff
4	leader
4	staff
\.


--
-- Data for Name: question_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.question_events (id, at, platform, chat_id, user_id, language, question, covered, documents, terms) FROM stdin;
1	2026-12-04 21:16:40.026252+07	telegram	-1001234567	1002	vi	Thủ tục đăng ký khai sinh cần những giấy tờ gì?	t	["Ngh\\u1ecb \\u0111\\u1ecbnh 45/2024/N\\u0110-CP"]	["khai sinh", "gi\\u1ea5y t\\u1edd"]
2	2026-12-04 21:16:40.032445+07	telegram	1001	1001	vi	Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ là bao nhiêu?	f	[]	["l\\u1ec7 ph\\u00ed", "gi\\u1ea5y ph\\u00e9p", "x\\u00e2y d\\u1ef1ng"]
3	2026-12-04 21:16:40.061888+07	slack	C0LEAD	U0LEADER	en	How many days of annual leave?	t	[]	[]
\.


--
-- Data for Name: scheduler_lease; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.scheduler_lease (name, holder, expires_at) FROM stdin;
digests	release-host:4242:abcd1234	2026-12-04 21:17:10.531963+07
\.


--
-- Data for Name: summary_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.summary_events (id, at, platform, chat_id, user_id, title, number, issuer, summary) FROM stdin;
1	2026-12-04 21:16:40.172496+07	telegram	-1001234567	1002	Công văn về việc báo cáo kết quả cải cách hành chính quý IV năm 2026	125/UBND-VP	Ủy ban nhân dân tỉnh Bình Định	Yêu cầu các sở, ngành báo cáo kết quả cải cách hành chính quý IV.
2	2026-12-04 21:16:40.189883+07	slack	C0LEAD	U0LEADER	Meeting notes	\N	\N	\N
\.


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 8, true);


--
-- Name: chunks_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.chunks_id_seq', 39, true);


--
-- Name: collection_readers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.collection_readers_id_seq', 3, true);


--
-- Name: collections_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.collections_id_seq', 2, true);


--
-- Name: deadline_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.deadline_events_id_seq', 2, true);


--
-- Name: digest_subscriptions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.digest_subscriptions_id_seq', 3, true);


--
-- Name: document_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.document_events_id_seq', 5, true);


--
-- Name: documents_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.documents_id_seq', 4, true);


--
-- Name: library_state_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.library_state_id_seq', 1, false);


--
-- Name: people_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.people_id_seq', 4, true);


--
-- Name: question_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.question_events_id_seq', 3, true);


--
-- Name: summary_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.summary_events_id_seq', 2, true);


--
-- Name: apscheduler_jobs apscheduler_jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.apscheduler_jobs
    ADD CONSTRAINT apscheduler_jobs_pkey PRIMARY KEY (id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: chunks chunks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chunks
    ADD CONSTRAINT chunks_pkey PRIMARY KEY (id);


--
-- Name: collection_readers collection_readers_collection_id_kind_subject_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_readers
    ADD CONSTRAINT collection_readers_collection_id_kind_subject_key UNIQUE (collection_id, kind, subject);


--
-- Name: collection_readers collection_readers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_readers
    ADD CONSTRAINT collection_readers_pkey PRIMARY KEY (id);


--
-- Name: collections collections_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collections
    ADD CONSTRAINT collections_name_key UNIQUE (name);


--
-- Name: collections collections_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collections
    ADD CONSTRAINT collections_pkey PRIMARY KEY (id);


--
-- Name: deadline_events deadline_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deadline_events
    ADD CONSTRAINT deadline_events_pkey PRIMARY KEY (id);


--
-- Name: digest_deliveries digest_deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.digest_deliveries
    ADD CONSTRAINT digest_deliveries_pkey PRIMARY KEY (subscription_id, period_end);


--
-- Name: digest_subscriptions digest_subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.digest_subscriptions
    ADD CONSTRAINT digest_subscriptions_pkey PRIMARY KEY (id);


--
-- Name: digest_subscriptions digest_subscriptions_platform_channel_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.digest_subscriptions
    ADD CONSTRAINT digest_subscriptions_platform_channel_key UNIQUE (platform, channel);


--
-- Name: document_events document_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_events
    ADD CONSTRAINT document_events_pkey PRIMARY KEY (id);


--
-- Name: documents documents_collection_id_source_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_collection_id_source_key UNIQUE (collection_id, source);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (id);


--
-- Name: feedback_events feedback_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feedback_events
    ADD CONSTRAINT feedback_events_pkey PRIMARY KEY (question_id, user_id);


--
-- Name: identities identities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.identities
    ADD CONSTRAINT identities_pkey PRIMARY KEY (platform, user_id);


--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (platform, key);


--
-- Name: library_state library_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.library_state
    ADD CONSTRAINT library_state_pkey PRIMARY KEY (id);


--
-- Name: pending_files pending_files_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pending_files
    ADD CONSTRAINT pending_files_pkey PRIMARY KEY (code);


--
-- Name: pending_files pending_files_sha256_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pending_files
    ADD CONSTRAINT pending_files_sha256_key UNIQUE (sha256);


--
-- Name: people people_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_pkey PRIMARY KEY (id);


--
-- Name: person_roles person_roles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person_roles
    ADD CONSTRAINT person_roles_pkey PRIMARY KEY (person_id, role);


--
-- Name: question_events question_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.question_events
    ADD CONSTRAINT question_events_pkey PRIMARY KEY (id);


--
-- Name: scheduler_lease scheduler_lease_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scheduler_lease
    ADD CONSTRAINT scheduler_lease_pkey PRIMARY KEY (name);


--
-- Name: summary_events summary_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.summary_events
    ADD CONSTRAINT summary_events_pkey PRIMARY KEY (id);


--
-- Name: ix_apscheduler_jobs_next_run_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_apscheduler_jobs_next_run_time ON public.apscheduler_jobs USING btree (next_run_time);


--
-- Name: ix_audit_log_actor; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_log_actor ON public.audit_log USING btree (actor);


--
-- Name: ix_audit_log_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_log_at ON public.audit_log USING btree (at);


--
-- Name: ix_deadline_events_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deadline_events_due ON public.deadline_events USING btree (due);


--
-- Name: ix_deadline_events_summary_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deadline_events_summary_id ON public.deadline_events USING btree (summary_id);


--
-- Name: ix_document_events_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_document_events_at ON public.document_events USING btree (at);


--
-- Name: ix_identities_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_identities_person_id ON public.identities USING btree (person_id);


--
-- Name: ix_inbox_claimed_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_inbox_claimed_at ON public.inbox USING btree (claimed_at);


--
-- Name: ix_pending_files_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_pending_files_at ON public.pending_files USING btree (at);


--
-- Name: ix_question_events_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_question_events_at ON public.question_events USING btree (at);


--
-- Name: ix_summary_events_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_summary_events_at ON public.summary_events USING btree (at);


--
-- Name: question_events_chat; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX question_events_chat ON public.question_events USING btree (platform, chat_id, at);


--
-- Name: summary_events_chat; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX summary_events_chat ON public.summary_events USING btree (platform, chat_id, at);


--
-- Name: chunks chunks_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chunks
    ADD CONSTRAINT chunks_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(id) ON DELETE CASCADE;


--
-- Name: collection_readers collection_readers_collection_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_readers
    ADD CONSTRAINT collection_readers_collection_id_fkey FOREIGN KEY (collection_id) REFERENCES public.collections(id) ON DELETE CASCADE;


--
-- Name: deadline_events deadline_events_summary_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deadline_events
    ADD CONSTRAINT deadline_events_summary_id_fkey FOREIGN KEY (summary_id) REFERENCES public.summary_events(id) ON DELETE CASCADE;


--
-- Name: documents documents_collection_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_collection_id_fkey FOREIGN KEY (collection_id) REFERENCES public.collections(id);


--
-- Name: feedback_events feedback_events_question_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feedback_events
    ADD CONSTRAINT feedback_events_question_id_fkey FOREIGN KEY (question_id) REFERENCES public.question_events(id) ON DELETE CASCADE;


--
-- Name: identities identities_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.identities
    ADD CONSTRAINT identities_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE CASCADE;


--
-- Name: person_roles person_roles_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person_roles
    ADD CONSTRAINT person_roles_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict gQkXLDBhbhL6BCvDzxb41vm0fGH97oBCIM9otaz2qcS34o7ZHzqrsaaaggwUxQs

