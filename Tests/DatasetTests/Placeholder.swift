// Tests of this area go here; replace this file.
import Testing
