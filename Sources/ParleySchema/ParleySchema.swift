// The negotiation schema and validation live here (see issue 2).
