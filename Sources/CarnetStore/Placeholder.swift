import CarnetCore
import GRDB
import PostgresNIO
import SwiftCSV
