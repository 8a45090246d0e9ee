import ArgumentParser
import CarnetHTTP
print("carnet")
