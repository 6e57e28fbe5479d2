import MsokoKit
print("msoko")
